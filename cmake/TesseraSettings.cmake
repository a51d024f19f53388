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
    target_compile_options(tessera_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_compile_definitions(tessera_settings INTERFACE TESSERA_SANITIZED=1)
    target_link_options(tessera_settings INTERFACE -fsanitize=address,undefined)
endif()

if(TESSERA_FUZZ)
    # Coverage instrumentation for libFuzzer in every library the fuzz targets link.
    target_compile_options(tessera_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

# tessera_add_test(NAME SOURCES ... LIBS ... [GUI]) registers one Qt Test executable with CTest.
function(tessera_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE tessera_settings Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen"
            "TESSERA_SERVER_BIN=$<TARGET_FILE:tessera-server>"
            "TESSERA_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
