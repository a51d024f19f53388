# Shared compile settings for every Tessera target.
add_library(tessera_settings INTERFACE)
target_compile_features(tessera_settings INTERFACE cxx_std_20)
target_compile_definitions(tessera_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
target_compile_options(tessera_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(TESSERA_WARNINGS_AS_ERRORS)
    target_compile_options(tessera_settings INTERFACE -Werror)
endif()
if(TESSERA_SANITIZE)
    # Every finding is fatal: UBSan would otherwise print and carry on, and a run would pass.
    target_compile_options(tessera_settings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                      -fno-omit-frame-pointer)
    target_compile_definitions(tessera_settings INTERFACE TESSERA_SANITIZED=1)
    target_link_options(tessera_settings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

if(TESSERA_FUZZ)
    # Coverage instrumentation for libFuzzer in every library the fuzz targets link.
    target_compile_options(tessera_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

# tessera_add_test(NAME LABEL unit|integration|gui|chaos|fuzz|artefact SOURCES ... LIBS ... [TIMEOUT s])
# registers one Qt Test executable with CTest. Labels: unit (no process, no network; all of
# them run in well under 30 s), integration (the real server, real sockets), gui (widgets,
# offscreen), chaos, fuzz (corpus replay), artefact (writes screenshots; not a behaviour test).
function(tessera_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT;LABEL" "SOURCES;LIBS" ${ARGN})
    set(labels unit integration gui chaos fuzz artefact)
    if(NOT ARG_LABEL IN_LIST labels)
        message(FATAL_ERROR "tessera_add_test(${name}): LABEL must be one of ${labels}")
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE tessera_settings Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen" "TESSERA_SERVER_BIN=$<TARGET_FILE:tessera-server>")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT} LABELS ${ARG_LABEL})
endfunction()

# tessera_add_pg_variant(NAME) runs the already registered test NAME a second time as
# NAME_pg, with TESSERA_TEST_DATABASE=postgresql: its servers (tests/support/serverprocess.h)
# then use databases of a private PostgreSQL cluster (tests/support/pgcluster.h). Same
# labels plus "postgresql": `ctest -L postgresql` runs every PostgreSQL variant, and
# `ctest -L integration -LE postgresql` leaves them out. Call it in NAME's CMakeLists.txt.
function(tessera_add_pg_variant name)
    get_test_property(${name} LABELS labels)
    get_test_property(${name} ENVIRONMENT env)
    get_test_property(${name} TIMEOUT timeout)
    if(NOT labels)
        message(FATAL_ERROR "tessera_add_pg_variant(${name}): no test ${name} in this folder")
    endif()
    add_test(NAME ${name}_pg COMMAND ${name})
    list(APPEND env "TESSERA_TEST_DATABASE=postgresql")
    list(APPEND labels postgresql)
    set_tests_properties(${name}_pg PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${timeout} LABELS "${labels}")
endfunction()
