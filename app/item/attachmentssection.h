#pragma once

#include "core/protocol/command.h"
#include "core/protocol/domain.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QMimeData;
class QListWidgetItem;
class QProgressBar;
class QPushButton;

namespace Tessera::Core {
class ApiClient;
class AttachmentTransfer;
class BoardStore;
}

namespace Tessera::App {

// The item panel's files: a list of the item's attachments (name, size, a thumbnail for
// images), "Attach file…" (a file dialog) and files dropped on the panel, an upload with a
// progress bar and Cancel (resumed by the transfer after a network drop), Open (downloads
// through a signed link and opens it with the desktop) or Save as…, and Remove after a
// confirmation. Adding and removing go out as ops (opRequested) through the command path;
// the list shows what the board's store has confirmed.
//
// Thumbnails are made here, on the client, from the downloaded image (QImageReader scales
// while decoding): the server stays free of QtGui and image decoders, and only people who
// open an item pay for its pictures. `store` must outlive the widget.
class AttachmentsSection final : public QWidget
{
    Q_OBJECT
public:
    explicit AttachmentsSection(Core::BoardStore *store, QWidget *parent = nullptr);
    ~AttachmentsSection() override;

    // The session for transfers (null: attaching and opening are off) and the board.
    void setApi(Core::ApiClient *api, const QString &boardId);
    void setItem(const QString &itemId);
    // Starts uploading a file to the shown item (the file dialog and drops end here).
    void attachFile(const QString &path);
    // What a drop on the panel does (dropEvent calls it with the dropped data): the first
    // local file is uploaded; a folder, a link that is not a local file, a file that is gone
    // or a drop while an upload runs is refused with a message in the status line. True
    // when an upload started. Public so tests can drop where no drag can be driven (the
    // offscreen platform's drag returns at once and delivers nothing).
    bool attachDropped(const QMimeData &dropped);

    QListWidget *list() const { return m_list; }
    QPushButton *attachButton() const { return m_attach; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }

Q_SIGNALS:
    void opRequested(const Tessera::Core::Op &op);

protected:
    void dragEnterEvent(class QDragEnterEvent *event) override;
    void dropEvent(class QDropEvent *event) override;

private:
    void refresh();
    void chooseFile();
    void open(bool saveAs);
    void removeSelected();
    void fetchThumbnail(const Core::Attachment &attachment);
    void updateButtons();
    std::optional<Core::Attachment> selected() const;

    Core::BoardStore *m_store;
    Core::ApiClient *m_api = nullptr;
    QString m_boardId;
    QString m_itemId;
    QList<Core::Attachment> m_shown;
    QListWidget *m_list;
    QPushButton *m_attach;
    QPushButton *m_open;
    QPushButton *m_saveAs;
    QPushButton *m_remove;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QLabel *m_status;
    QPointer<Core::AttachmentTransfer> m_upload;
};

} // namespace Tessera::App
