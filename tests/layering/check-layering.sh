#!/usr/bin/env bash
# Fails when the layering breaks. Usage: check-layering.sh SOURCE_DIR LINKS_FILE QT_HEADERS_DIR
#   - tessera_server_lib links neither tessera_client nor tessera_models (only tessera_protocol and
#     tessera_tls of core);
#   - tessera_tls (core/tls: the TLS key fingerprint both sides compute) links QtNetwork and
#     includes nothing else of ours;
#   - tessera_protocol (core/protocol + core/rules) links and includes QtCore only: no QtNetwork,
#     QtSql, QtWebSockets; core/models no network or SQL either; nothing in core uses QtGui/QtWidgets;
#   - a room includes only rooms below it: protocol/rules nothing above them, models not client,
#     server nothing of core/models, core/client or app, app nothing of server.
set -uo pipefail
src=$1 links=$2 qt=$3
fail=0
problem() { echo "LAYERING: $*"; fail=1; }

linked() { sed -n "s/^$1 //p" "$links"; }
for lib in tessera_client tessera_models; do
    linked tessera_server_lib | grep -qw "$lib" && problem "tessera_server_lib links $lib"
done
for lib in tessera_client tessera_models Qt6::Network Qt6::Sql Qt6::WebSockets Qt6::Gui Qt6::Widgets; do
    linked tessera_protocol | grep -qw "$lib" && problem "tessera_protocol links $lib"
done
for lib in tessera_client tessera_models tessera_protocol Qt6::Sql Qt6::WebSockets Qt6::Gui Qt6::Widgets; do
    linked tessera_tls | grep -qw "$lib" && problem "tessera_tls links $lib"
done
for lib in tessera_client Qt6::Network Qt6::Sql Qt6::WebSockets Qt6::Gui Qt6::Widgets; do
    linked tessera_models | grep -qw "$lib" && problem "tessera_models links $lib"
done
for lib in Qt6::Gui Qt6::Widgets tessera_app_lib; do
    linked tessera_client | grep -qw "$lib" && problem "tessera_client links $lib"
done

# Qt headers by module: <QtNetwork/QTcpSocket> or <QTcpSocket>.
module_headers() { ls "$qt/$1" 2>/dev/null | grep -E '^Q[A-Z]' ; }
declare -A owner
for m in QtGui QtWidgets QtNetwork QtSql QtWebSockets; do
    for h in $(module_headers $m); do owner[$h]=$m; done
done
qt_modules_of() { # the Qt modules a file includes
    grep -hoE '^\s*#\s*include\s*<[^>]+>' "$1" | sed -E 's/.*<([^>]+)>.*/\1/' | while read -r inc; do
        case "$inc" in
            Qt*/*) echo "${inc%%/*}" ;;
            *) [ -n "${owner[$inc]:-}" ] && echo "${owner[$inc]}" ;;
        esac
    done | sort -u
}
ours_of() { grep -hoE '^\s*#\s*include\s*"[^"]+"' "$1" | sed -E 's/.*"([^"]+)".*/\1/'; }

cd "$src"
for f in $(find core -name '*.h' -o -name '*.cpp'); do
    mods=$(qt_modules_of "$f")
    for m in $mods; do
        case "$m" in QtGui|QtWidgets) problem "$f includes $m (core never uses QtGui/QtWidgets)" ;; esac
    done
    case "$f" in
        core/protocol/*|core/rules/*)
            for m in $mods; do
                case "$m" in QtNetwork|QtSql|QtWebSockets) problem "$f includes $m (protocol and rules are QtCore only)" ;; esac
            done
            for inc in $(ours_of "$f"); do
                case "$inc" in core/models/*|core/client/*|server/*|app/*) problem "$f includes $inc" ;; esac
            done ;;
        core/models/*)
            for m in $mods; do
                case "$m" in QtNetwork|QtSql|QtWebSockets) problem "$f includes $m (models are QtCore only)" ;; esac
            done
            for inc in $(ours_of "$f"); do
                case "$inc" in core/client/*|server/*|app/*) problem "$f includes $inc" ;; esac
            done ;;
        core/tls/*)
            for m in $mods; do
                case "$m" in QtSql|QtWebSockets) problem "$f includes $m (core/tls is QtCore and QtNetwork only)" ;; esac
            done
            for inc in $(ours_of "$f"); do
                case "$inc" in core/*) [[ "$inc" == core/tls/* ]] || problem "$f includes $inc" ;;
                               server/*|app/*) problem "$f includes $inc" ;; esac
            done ;;
        core/client/*)
            for inc in $(ours_of "$f"); do
                case "$inc" in server/*|app/*) problem "$f includes $inc" ;; esac
            done ;;
    esac
done
for f in $(find server -name '*.h' -o -name '*.cpp'); do
    for inc in $(ours_of "$f"); do
        case "$inc" in core/models/*|core/client/*|app/*) problem "$f includes $inc (the server uses only core/protocol, core/rules and core/tls)" ;; esac
    done
done
for f in $(find app -name '*.h' -o -name '*.cpp'); do
    for inc in $(ours_of "$f"); do
        case "$inc" in server/*) problem "$f includes $inc (the app launches the server, never includes it)" ;; esac
    done
done
[ "$fail" -eq 0 ] && echo "layering: ok"
exit $fail
