#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

namespace Tessera::App {

// A one-line notice across the window, above the board: "Board 'X' deleted — Undo", or
// "You were removed from 'X'". It goes by itself after a while (the clock stops while the
// pointer rests on it or the keyboard is in it), or with its close button;
// its action button (when there is one) runs the action once and closes the notice. A new
// notice replaces the one shown.
class NoticeBar final : public QFrame
{
    Q_OBJECT

public:
    explicit NoticeBar(QWidget *parent = nullptr);

    // `action` empty: a notice without a button.
    void showNotice(const QString &text, const QString &actionText = QString(), std::function<void()> action = {},
                    int msecs = 10000);
    void dismiss();

    QString text() const;
    QPushButton *actionButton() const { return m_action; }
    QToolButton *closeButton() const { return m_close; }

protected:
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void hold();
    void resume();

    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
    QTimer *m_timer;
    std::function<void()> m_run;
    int m_remainingMs = 0;
    qint64 m_deadline = 0; // msecs since epoch while running
};

} // namespace Tessera::App
