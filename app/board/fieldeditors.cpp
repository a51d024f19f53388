#include "fieldeditors.h"

#include "choicebox.h"
#include "datefield.h"

#include "core/models/boardstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>

namespace Tessera::App {

using namespace Tessera::Core;

QIcon FieldEditors::swatch(const QString &color, int size)
{
    QPixmap pixmap(size * 2, size * 2);
    pixmap.setDevicePixelRatio(2.0);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QColor(color).darker(130));
    painter.setBrush(QColor(color));
    painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 3, 3);
    return QIcon(pixmap);
}

QWidget *FieldEditors::create(const Column &column, const BoardStore &store, QWidget *parent)
{
    QWidget *editor = make(column, store, parent);
    if (editor)
        editor->setAccessibleName(column.name);
    return editor;
}

QWidget *FieldEditors::make(const Column &column, const BoardStore &store, QWidget *parent)
{
    switch (column.type) {
    case ColumnType::Text: {
        auto *edit = new QLineEdit(parent);
        edit->setMaxLength(512);
        return edit;
    }
    case ColumnType::Number: {
        auto *edit = new QLineEdit(parent);
        auto *validator = new QDoubleValidator(edit);
        validator->setLocale(QLocale::c());
        edit->setValidator(validator);
        edit->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return edit;
    }
    case ColumnType::Status: {
        auto *combo = new ChoiceBox(parent);
        combo->addItem(QObject::tr("(none)"), QString());
        for (const StatusOption &option : column.options)
            combo->addItem(swatch(option.color), option.label, option.id);
        return combo;
    }
    case ColumnType::Person: {
        auto *combo = new ChoiceBox(parent);
        combo->addItem(QObject::tr("(nobody)"), QString());
        for (const Member &member : store.confirmed().members)
            combo->addItem(member.displayName.isEmpty() ? member.login : member.displayName, member.userId);
        return combo;
    }
    case ColumnType::Date:
        return new DateField(parent);
    case ColumnType::Checkbox:
        return new QCheckBox(parent);
    }
    return nullptr;
}

void FieldEditors::setValue(QWidget *editor, const Column &column, const QJsonValue &value)
{
    switch (column.type) {
    case ColumnType::Text:
        if (auto *edit = qobject_cast<QLineEdit *>(editor))
            edit->setText(value.toString());
        break;
    case ColumnType::Number:
        if (auto *edit = qobject_cast<QLineEdit *>(editor))
            edit->setText(value.isDouble() ? QString::number(value.toDouble(), 'g', 15) : QString());
        break;
    case ColumnType::Status:
    case ColumnType::Person:
        if (auto *combo = qobject_cast<QComboBox *>(editor))
            combo->setCurrentIndex(qMax(0, combo->findData(value.toString())));
        break;
    case ColumnType::Date:
        if (auto *edit = qobject_cast<DateField *>(editor))
            edit->setDate(QDate::fromString(value.toString().left(10), Qt::ISODate));
        break;
    case ColumnType::Checkbox:
        if (auto *box = qobject_cast<QCheckBox *>(editor))
            box->setChecked(value.toBool());
        break;
    }
}

QJsonValue FieldEditors::value(QWidget *editor, const Column &column)
{
    switch (column.type) {
    case ColumnType::Text:
        if (auto *edit = qobject_cast<QLineEdit *>(editor))
            return edit->text().isEmpty() ? QJsonValue() : QJsonValue(edit->text());
        break;
    case ColumnType::Number:
        if (auto *edit = qobject_cast<QLineEdit *>(editor)) {
            if (edit->text().trimmed().isEmpty())
                return QJsonValue();
            bool ok = false;
            const double number = QLocale::c().toDouble(edit->text().trimmed(), &ok);
            return ok ? QJsonValue(number) : QJsonValue(QJsonValue::Undefined);
        }
        break;
    case ColumnType::Status:
    case ColumnType::Person:
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            const QString id = combo->currentData().toString();
            return id.isEmpty() ? QJsonValue() : QJsonValue(id);
        }
        break;
    case ColumnType::Date:
        if (auto *edit = qobject_cast<DateField *>(editor)) {
            if (edit->isEmpty())
                return QJsonValue();
            const QDate date = edit->date();
            return date.isValid() ? QJsonValue(date.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Undefined);
        }
        break;
    case ColumnType::Checkbox:
        if (auto *box = qobject_cast<QCheckBox *>(editor))
            return box->isChecked();
        break;
    }
    return QJsonValue();
}

} // namespace Tessera::App
