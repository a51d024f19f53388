#pragma once

#include "core/client/connectionstate.h"

#include <QDateTime>
#include <QWidget>

class QLabel;

namespace Tessera::App {

// Shows how fresh the board is: "Live", "Catching up", "Polling every N s" or
// "Offline since HH:MM" (or "Signed out"), with a coloured dot. Clicking shows the details (the reason
// given by the sync engine, and which node of the server is in use: "Connected to host:port")
// in a small popup, also its tooltip. Driven entirely by setServer() and setState().
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionIndicator(QWidget *parent = nullptr);

    void setState(Core::ConnectionState state, const QString &reason = QString(), const QDateTime &since = QDateTime(),
                  int pollSeconds = 0);
    void setServer(const QString &hostPort); // the node in use; shown from the next setState()
    Core::ConnectionState state() const { return m_state; }
    QString stateName() const { return Core::connectionStateName(m_state); }
    QString text() const;
    QString details() const;
    void showDetails();

Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QColor dotColor() const;

    Core::ConnectionState m_state = Core::ConnectionState::Connecting;
    QString m_reason;
    QString m_server;
    QDateTime m_since;
    int m_pollSeconds = 0;
    QLabel *m_label;
};

} // namespace Tessera::App
