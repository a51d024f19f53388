#pragma once

#include "configfile.h"

#include <QCommandLineOption>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace Tessera::Server {

// The config file under the command line. Each `key = value` of the file becomes the
// argument --key=value (a flag's true becomes --key, its false nothing), placed ahead of
// the real arguments; QCommandLineParser keeps the last value of a repeated option, so
// the command line wins, and every value goes through the one validation of
// ServerOptions::parse. The keys are the parser's own options less its actions (--help,
// --add-user, ...): an option added to the parser has its key without more code.
// In the order FileWins the file's arguments go last instead: ServerOptions::parse checks
// that way too, so a bad value in the file is reported even where the command line hides it.
class ConfigOverlay
{
public:
    enum class Order { CommandLineWins, FileWins };

    // The file read when the command line names none: $TESSERA_CONFIG when set (tests
    // point it at a temp file or a missing one), else /etc/tessera/server.conf.
    static QString defaultPath();

    explicit ConfigOverlay(Order order = Order::CommandLineWins) : m_order(order) { }
    // `options`: every option of the parser; `actions`: those that are not settings.
    void setOptions(const QList<QCommandLineOption> &options, const QList<QCommandLineOption> &actions);

    // `parser` has parsed `arguments` already. Reads the file --config names (an error when
    // it cannot be read) or else the default file if it exists, checks its keys and flag
    // values, and parses again with the file's keys ahead of `arguments`. False with error().
    bool load(QCommandLineParser &parser, const QCommandLineOption &config, const QStringList &arguments);
    QString error() const { return m_error; }
    QString path() const { return m_file.path(); } // empty when no file was read
    // Whether the command line sets a key the file gives too (the file's value is not used).
    bool commandLineOverridesFile() const;

    QStringList keys() const; // every setting's key, in the parser's order
    // Every setting's value in force after load(): the option's last value, "true" or
    // "false" for a flag, empty when unset.
    QMap<QString, QString> values(const QCommandLineParser &parser) const;

    // ServerOptions's errors begin with the option they are about (--NAME ...). When NAME's
    // value came from the file, the error is reworded for it: "FILE:LINE: key 'NAME': ...".
    QString explain(const QString &error) const;

private:
    bool checkEntries();
    const QCommandLineOption *setting(const QString &key) const;
    QString suggestion(const QString &key) const;

    Order m_order;
    QList<QCommandLineOption> m_settings;
    QStringList m_actions;
    ConfigFile m_file;
    QStringList m_fileArguments;
    QStringList m_onCommandLine; // options the real command line set (they win)
    QString m_error;
};

} // namespace Tessera::Server
