#pragma once

#include "core/models/boardstore.h"

#include <QJsonValue>
#include <QWidget>

class QLabel;
class QMenu;
class QToolButton;

namespace Tessera::App {

// The bar over the board while several items are selected: how many, Set (one field on all
// of them, sent as one command) with a menu per column, Delete and Clear selection. Viewers
// see Set and Delete disabled, with the reason in their tooltips.
class SelectionBar final : public QWidget
{
    Q_OBJECT

public:
    SelectionBar(Core::BoardStore *store, QWidget *parent = nullptr);

    void setCurrentUser(const QString &userId);
    void setCount(int selected); // shown while more than one item is selected
    bool mayEdit() const; // owner or editor

    QToolButton *setButton() const { return m_set; }
    QToolButton *deleteButton() const { return m_delete; }

Q_SIGNALS:
    void setFieldRequested(const QString &columnId, const QJsonValue &value);
    void deleteRequested();
    void clearRequested();
    void messageShown(const QString &text); // a value typed that is not one

private:
    void fillSetMenu(QMenu *menu);
    void refreshButtons();

    Core::BoardStore *m_store;
    QLabel *m_count;
    QToolButton *m_set;
    QToolButton *m_delete;
    QString m_me;
};

} // namespace Tessera::App
