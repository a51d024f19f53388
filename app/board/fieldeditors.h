#pragma once

#include <QIcon>
#include <QJsonValue>

class QWidget;

namespace Tessera::Core {
class BoardStore;
struct Column;
}

namespace Tessera::App {

// One editor widget per column type, shared by the table delegate and the item panel:
// text (line edit), number (validated line edit), status (combo with colour swatches),
// person (combo of board members), date (DateField: typed or picked, may be empty), checkbox.
// Empty editors mean null (clears the field); value() is undefined while the editor holds
// input that is not a value yet (a half-typed date), which must not be saved.
class FieldEditors final
{
public:
    static QWidget *create(const Core::Column &column, const Core::BoardStore &store, QWidget *parent);
    static void setValue(QWidget *editor, const Core::Column &column, const QJsonValue &value);
    static QJsonValue value(QWidget *editor, const Core::Column &column);
    // A rounded colour swatch for status options.
    static QIcon swatch(const QString &color, int size = 12);

private:
    static QWidget *make(const Core::Column &column, const Core::BoardStore &store, QWidget *parent);
};

} // namespace Tessera::App
