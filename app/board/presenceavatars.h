#pragma once

#include "core/protocol/domain.h"

#include <QColor>
#include <QWidget>

namespace Tessera::App {

// A row of round avatars with initials, one per person on the board, each in a stable
// colour derived from a hash of the user id (the same person has the same colour in every
// view and on every machine). Tooltip: names and what they are doing.
class PresenceAvatars final : public QWidget
{
    Q_OBJECT

public:
    explicit PresenceAvatars(QWidget *parent = nullptr);

    void setPresence(const QList<Core::Presence> &people); // one avatar per distinct user
    void setMaxShown(int count);
    QStringList userIds() const;

    static QColor colorFor(const QString &userId);
    static QString initialsOf(const QString &name);
    // Paints one avatar filling `rect` (a circle) with white initials.
    static void paintAvatar(class QPainter &painter, const QRectF &rect, const QString &userId, const QString &name);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Core::Presence> m_people;
    int m_maxShown = 6;
};

} // namespace Tessera::App
