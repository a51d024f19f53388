#pragma once

#include <QDialog>

class QTreeWidget;

namespace Tessera::App {

// Every keyboard shortcut of the app in one list (? or Ctrl+/).
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ShortcutsDialog(QWidget *parent = nullptr);
    QTreeWidget *list() const { return m_list; }

private:
    QTreeWidget *m_list;
};

} // namespace Tessera::App
