#include "presenceavatars.h"

#include <QTextDocument>
#include <QCryptographicHash>
#include <QPainter>
#include <QSet>

namespace Tessera::App {

namespace {
constexpr int Diameter = 24;
constexpr int Overlap = -3; // a small gap: initials stay readable
}

PresenceAvatars::PresenceAvatars(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void PresenceAvatars::setPresence(const QList<Core::Presence> &people)
{
    m_people.clear();
    QSet<QString> seen;
    QStringList tips;
    for (const Core::Presence &p : people) {
        if (seen.contains(p.userId))
            continue;
        seen.insert(p.userId);
        m_people.append(p);
        const QString name = p.displayName.isEmpty() ? p.userId : p.displayName;
        const QString doing = p.state == Core::PresenceState::Editing ? tr("editing") : tr("viewing");
        tips.append(p.field.isEmpty() ? tr("%1 — %2").arg(name, doing) : tr("%1 — %2 %3").arg(name, doing, p.field));
    }
    setToolTip(Qt::convertFromPlainText(tips.join(QLatin1Char('\n')))); // names are plain text
    updateGeometry();
    update();
}

void PresenceAvatars::setMaxShown(int count)
{
    m_maxShown = qMax(1, count);
    updateGeometry();
    update();
}

QStringList PresenceAvatars::userIds() const
{
    QStringList ids;
    for (const Core::Presence &p : m_people)
        ids.append(p.userId);
    return ids;
}

QColor PresenceAvatars::colorFor(const QString &userId)
{
    const QByteArray hash = QCryptographicHash::hash(userId.toUtf8(), QCryptographicHash::Sha1);
    const int hue = (quint8(hash.at(0)) << 8 | quint8(hash.at(1))) % 360;
    return QColor::fromHsl(hue, 150, 110);
}

QString PresenceAvatars::initialsOf(const QString &name)
{
    const QStringList words = name.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString initials;
    for (const QString &word : words) {
        if (initials.size() == 2)
            break;
        initials.append(word.at(0).toUpper());
    }
    if (initials.size() == 1 && words.first().size() > 1 && words.size() == 1)
        initials.append(words.first().at(1));
    return initials.isEmpty() ? QStringLiteral("?") : initials;
}

void PresenceAvatars::paintAvatar(QPainter &painter, const QRectF &rect, const QString &userId, const QString &name)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colorFor(userId));
    painter.drawEllipse(rect);
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(qMax(7, int(rect.height() * 0.42)));
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(rect, Qt::AlignCenter, initialsOf(name.isEmpty() ? userId : name));
    painter.restore();
}

QSize PresenceAvatars::sizeHint() const
{
    const int shown = qMin(int(m_people.size()), m_maxShown) + (m_people.size() > m_maxShown ? 1 : 0);
    if (shown == 0)
        return { 0, Diameter + 4 };
    return { shown * (Diameter - Overlap) + Overlap + 4, Diameter + 4 };
}

void PresenceAvatars::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int shown = qMin(int(m_people.size()), m_maxShown);
    qreal x = 2;
    for (int i = 0; i < shown; ++i) {
        const Core::Presence &p = m_people.at(i);
        const QRectF circle(x, 2, Diameter, Diameter);
        painter.setPen(QPen(palette().window().color(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(circle.adjusted(-1, -1, 1, 1));
        paintAvatar(painter, circle, p.userId, p.displayName);
        x += Diameter - Overlap;
    }
    if (m_people.size() > m_maxShown) {
        const QRectF circle(x, 2, Diameter, Diameter);
        painter.setPen(Qt::NoPen);
        painter.setBrush(palette().mid());
        painter.drawEllipse(circle);
        painter.setPen(palette().text().color());
        painter.drawText(circle, Qt::AlignCenter, QStringLiteral("+%1").arg(m_people.size() - m_maxShown));
    }
}

} // namespace Tessera::App
