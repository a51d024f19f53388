#pragma once

#include <QComboBox>

namespace Tessera::App {

// A combo box that says when its list closes, picked or not: a table cell's status or
// person editor closes with its list (QComboBox hides the list before it reports the
// pick, so listeners should react after the current event).
class ChoiceBox final : public QComboBox
{
    Q_OBJECT

public:
    using QComboBox::QComboBox;

    void hidePopup() override
    {
        QComboBox::hidePopup();
        Q_EMIT popupHidden();
    }

Q_SIGNALS:
    void popupHidden();
};

} // namespace Tessera::App
