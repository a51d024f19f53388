#include "datefield.h"

#include <QAction>
#include <QCalendarWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPainter>
#include <QPushButton>
#include <QScreen>
#include <QStyle>
#include <QValidator>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

class DateValidator final : public QValidator
{
public:
    using QValidator::QValidator;

    State validate(QString &input, int &) const override
    {
        return input.trimmed().isEmpty() || DateField::parse(input).isValid() ? Acceptable : Intermediate;
    }
};

// A small calendar glyph drawn in the text colour, so it reads in light and dark.
QIcon calendarIcon(const QColor &color)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(color, 2.4));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(5, 8, 22, 19), 3, 3);
    p.drawLine(QPointF(5, 14), QPointF(27, 14));
    p.drawLine(QPointF(11, 5), QPointF(11, 10));
    p.drawLine(QPointF(21, 5), QPointF(21, 10));
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 3; ++col)
            p.drawRect(QRectF(9 + col * 5.5, 17 + row * 4.5, 3, 3));
    return QIcon(pixmap);
}

} // namespace

DateField::DateField(QWidget *parent)
    : QLineEdit(parent), m_picker(new QFrame(this, Qt::Popup)), m_calendar(new QCalendarWidget(m_picker))
{
    setValidator(new DateValidator(this));
    setPlaceholderText(tr("No date"));
    setAccessibleName(tr("Date"));
    auto *clearAction = addAction(style()->standardIcon(QStyle::SP_LineEditClearButton), QLineEdit::TrailingPosition);
    clearAction->setText(tr("Clear the date"));
    clearAction->setToolTip(tr("No date"));
    clearAction->setObjectName(QStringLiteral("clearDate"));
    clearAction->setVisible(false);
    connect(clearAction, &QAction::triggered, this, [this] { pick(QDate()); }); // as if "No date" was picked
    connect(this, &QLineEdit::textChanged, clearAction,
            [clearAction](const QString &text) { clearAction->setVisible(!text.isEmpty()); });
    m_open = addAction(calendarIcon(palette().text().color()), QLineEdit::TrailingPosition);
    m_open->setText(tr("Choose a date"));
    m_open->setToolTip(tr("Choose a date (Alt+Down)"));
    m_open->setObjectName(QStringLiteral("chooseDate"));
    connect(m_open, &QAction::triggered, this, &DateField::showPicker);
    connect(this, &QLineEdit::textChanged, this, &DateField::refreshValidity);

    m_picker->setObjectName(QStringLiteral("datePicker"));
    m_picker->setFrameShape(QFrame::StyledPanel);
    m_calendar->setGridVisible(false);
    m_calendar->setVerticalHeaderFormat(QCalendarWidget::NoVerticalHeader);
    m_calendar->setAccessibleName(tr("Calendar"));
    connect(m_calendar, &QCalendarWidget::activated, this, &DateField::pick);
    connect(m_calendar, &QCalendarWidget::clicked, this, &DateField::pick);
    auto *today = new QPushButton(tr("Today"), m_picker);
    today->setObjectName(QStringLiteral("pickToday"));
    auto *none = new QPushButton(tr("No date"), m_picker);
    none->setObjectName(QStringLiteral("pickNoDate"));
    connect(today, &QPushButton::clicked, this, [this] { pick(QDate::currentDate()); });
    connect(none, &QPushButton::clicked, this, [this] { pick(QDate()); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(today);
    buttons->addStretch();
    buttons->addWidget(none);
    auto *layout = new QVBoxLayout(m_picker);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_calendar);
    layout->addLayout(buttons);
}

void DateField::setDate(const QDate &date)
{
    setText(format(date));
}

QDate DateField::date() const
{
    return parse(text());
}

bool DateField::isEmpty() const
{
    return text().trimmed().isEmpty();
}

QString DateField::format(const QDate &date)
{
    return date.isValid() ? QLocale().toString(date, QLocale::ShortFormat) : QString();
}

QDate DateField::parse(const QString &input, const QDate &today)
{
    const QString text = input.simplified();
    if (text.isEmpty())
        return QDate();
    const QString lower = text.toLower();
    if (lower == QLatin1String("today"))
        return today;
    if (lower == QLatin1String("tomorrow"))
        return today.addDays(1);
    if (lower == QLatin1String("yesterday"))
        return today.addDays(-1);
    const QLocale locale;
    for (const auto format : { QLocale::ShortFormat, QLocale::LongFormat }) {
        if (const QDate d = locale.toDate(text, format); d.isValid())
            return d;
    }
    if (const QDate d = QDate::fromString(text, Qt::ISODate); d.isValid())
        return d;
    static const QStringList formats {
        QStringLiteral("d MMM yyyy"), QStringLiteral("d MMMM yyyy"), QStringLiteral("dMMMyyyy"),
        QStringLiteral("d MMM, yyyy"), QStringLiteral("MMM d yyyy"), QStringLiteral("MMM d, yyyy"),
        QStringLiteral("MMMM d, yyyy"), QStringLiteral("d.M.yyyy"), QStringLiteral("d/M/yyyy"),
        QStringLiteral("d-M-yyyy"), QStringLiteral("yyyy/M/d"), QStringLiteral("d.M.yy"), QStringLiteral("d/M/yy"),
    };
    for (const QLocale &l : { locale, QLocale::c() }) {
        for (const QString &f : formats) {
            QDate d = l.toDate(text, f);
            if (!d.isValid())
                continue;
            if (f.endsWith(QLatin1String("yy")) && !f.endsWith(QLatin1String("yyyy")))
                d = d.addYears(100 * ((today.year() - d.year() + 50) / 100)); // "26" is 2026, not 1926
            return d;
        }
    }
    // A day and month without a year: the next such day from today.
    for (const QString &f : { QStringLiteral("d MMM"), QStringLiteral("d MMMM"), QStringLiteral("MMM d"), QStringLiteral("dMMM") }) {
        for (const QLocale &l : { locale, QLocale::c() }) {
            QDate d = l.toDate(text + QLatin1Char(' ') + QString::number(today.year()), f + QStringLiteral(" yyyy"));
            if (d.isValid())
                return d < today ? d.addYears(1) : d;
        }
    }
    return QDate();
}

void DateField::showPicker()
{
    const QDate shown = date();
    const QDate at = shown.isValid() ? shown : QDate::currentDate();
    m_calendar->setSelectedDate(at);
    m_calendar->setCurrentPage(at.year(), at.month());
    m_picker->adjustSize();
    QPoint pos = mapToGlobal(QPoint(0, height()));
    if (const QScreen *s = screen()) {
        const QRect area = s->availableGeometry();
        if (pos.y() + m_picker->height() > area.bottom())
            pos.setY(mapToGlobal(QPoint(0, 0)).y() - m_picker->height());
        pos.setX(std::clamp(pos.x(), area.left(), std::max(area.left(), area.right() - m_picker->width())));
    }
    m_picker->move(pos);
    m_picker->show();
    m_calendar->setFocus(Qt::PopupFocusReason);
}

void DateField::pick(const QDate &date)
{
    m_picker->hide();
    setDate(date);
    setFocus(Qt::PopupFocusReason);
    Q_EMIT datePicked();
}

void DateField::keyPressEvent(QKeyEvent *event)
{
    const bool openKey = event->key() == Qt::Key_F4
            || (event->key() == Qt::Key_Down && (event->modifiers() & Qt::AltModifier));
    if (openKey) {
        showPicker();
        return;
    }
    if ((event->key() == Qt::Key_Up || event->key() == Qt::Key_Down) && event->modifiers() == Qt::NoModifier) {
        const QDate d = date();
        setDate((d.isValid() ? d : QDate::currentDate()).addDays(d.isValid() ? (event->key() == Qt::Key_Up ? 1 : -1) : 0));
        return;
    }
    QLineEdit::keyPressEvent(event);
}

void DateField::changeEvent(QEvent *event)
{
    QLineEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // light/dark: the glyph in the new text colour
        m_open->setIcon(calendarIcon(QPalette().color(QPalette::Text)));
}

void DateField::refreshValidity()
{
    // Only the text colour is set, so everything else keeps following the app's palette.
    QPalette pal;
    if (!hasAcceptableInput())
        pal.setColor(QPalette::Text, QColor(0xd9, 0x30, 0x25));
    setPalette(pal);
    setToolTip(hasAcceptableInput() ? QString() : tr("Not a date: try “15 Dec 2026” or “2026-12-15”"));
}

} // namespace Tessera::App
