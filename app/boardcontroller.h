#pragma once

#include <QObject>

namespace Tessera::Core {
class SyncClient;
}

namespace Tessera::App {

class BoardWidget;

// Connects one open board's widget to the sync engine: the widget's intents become
// SyncClient calls (opRequested -> submit, retry/discard/keepMine/takeTheirs, item opened
// and field editing -> presence), and the engine's connection state drives the widget's
// connection indicator. Owned by (and dies with) the widget.
class BoardController final : public QObject
{
    Q_OBJECT

public:
    BoardController(Core::SyncClient *sync, const QString &boardId, BoardWidget *widget);

    QString boardId() const { return m_boardId; }
    void refreshConnection();

private:
    void announce(const QString &itemId, const QString &state, const QString &field = QString());

    Core::SyncClient *m_sync;
    QString m_boardId;
    BoardWidget *m_widget;
    QString m_itemId; // what presence says I am doing, re-sent when the link comes back
    QString m_presenceState = QStringLiteral("viewing");
    QString m_field;
};

} // namespace Tessera::App
