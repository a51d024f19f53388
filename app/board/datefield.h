#pragma once

#include <QDate>
#include <QLineEdit>

class QAction;
class QCalendarWidget;
class QFrame;

namespace Tessera::App {

// A date that may be empty: a line edit that takes typed dates in the common forms
// ("15 Dec 2026", "15Dec2026", "2026-12-15", "15/12/2026", the locale's own format,
// "today", "tomorrow"), with a calendar button that opens a month picker at the date
// shown or, when empty, at today. Clearing the text means "no date". Text that is not a
// date is not acceptable input (hasAcceptableInput() is false and it shows in red), so it
// is never saved as something else. Up/Down move the date by a day, Alt+Down or F4 opens
// the picker.
class DateField final : public QLineEdit
{
    Q_OBJECT

public:
    explicit DateField(QWidget *parent = nullptr);

    void setDate(const QDate &date); // invalid: empty
    QDate date() const; // invalid when empty or not a date
    bool isEmpty() const;
    void showPicker();
    QCalendarWidget *calendar() const { return m_calendar; }
    QFrame *picker() const { return m_picker; }

    // The day `text` names, or an invalid date.
    static QDate parse(const QString &text, const QDate &today = QDate::currentDate());
    static QString format(const QDate &date);

Q_SIGNALS:
    void datePicked(); // chosen in the calendar (or cleared there)

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void pick(const QDate &date);
    void refreshValidity();

    QFrame *m_picker;
    QCalendarWidget *m_calendar;
    QAction *m_open;
};

} // namespace Tessera::App
