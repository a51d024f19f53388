#include "attachmentssection.h"

#include "core/client/apiclient.h"
#include "core/client/attachmenttransfer.h"
#include "core/models/boardstore.h"

#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QUuid>
#include <QVBoxLayout>

namespace Tessera::App {

using namespace Tessera::Core;

namespace {

constexpr qint64 MaxThumbnailSourceBytes = 8 * 1024 * 1024;
constexpr int ThumbnailPixels = 48;

QString cacheDir(const QString &sub)
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(sub);
    QDir().mkpath(dir);
    return dir;
}

} // namespace

AttachmentsSection::AttachmentsSection(BoardStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_list(new QListWidget(this))
    , m_attach(new QPushButton(tr("Attach file…"), this))
    , m_open(new QPushButton(tr("Open"), this))
    , m_saveAs(new QPushButton(tr("Save as…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
{
    setAcceptDrops(true);
    m_list->setAccessibleName(tr("Attachments"));
    m_list->setIconSize(QSize(ThumbnailPixels, ThumbnailPixels));
    m_list->setMaximumHeight(160);
    m_list->setTextElideMode(Qt::ElideMiddle); // a long file name never widens the panel
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_attach->setAccessibleName(tr("Attach file"));
    m_open->setAccessibleName(tr("Open attachment"));
    m_saveAs->setAccessibleName(tr("Save attachment as"));
    m_remove->setAccessibleName(tr("Remove attachment"));
    m_progress->setAccessibleName(tr("Upload progress"));
    m_cancel->setAccessibleName(tr("Cancel upload"));
    m_status->setAccessibleName(tr("Attachment status"));
    m_status->setWordWrap(true);
    m_progress->hide();
    m_cancel->hide();
    m_status->hide();

    // Two short rows, not one long one: the item panel is narrow at 1024x768, and a row of
    // four buttons pushed the whole panel wider than its column.
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_open);
    actions->addWidget(m_saveAs);
    actions->addWidget(m_remove);
    actions->addStretch(1);
    auto *attachRow = new QHBoxLayout;
    attachRow->addWidget(m_attach);
    attachRow->addStretch(1);
    auto *upload = new QHBoxLayout;
    upload->addWidget(m_progress, 1);
    upload->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addLayout(actions);
    layout->addLayout(attachRow);
    layout->addLayout(upload);
    layout->addWidget(m_status);

    connect(m_attach, &QPushButton::clicked, this, &AttachmentsSection::chooseFile);
    connect(m_open, &QPushButton::clicked, this, [this] { open(false); });
    connect(m_saveAs, &QPushButton::clicked, this, [this] { open(true); });
    connect(m_remove, &QPushButton::clicked, this, &AttachmentsSection::removeSelected);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] { open(false); });
    connect(m_list, &QListWidget::currentRowChanged, this, &AttachmentsSection::updateButtons);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_upload)
            m_upload->cancel();
    });
    connect(m_store, &BoardStore::batchApplied, this, &AttachmentsSection::refresh);
    updateButtons();
}

AttachmentsSection::~AttachmentsSection() = default;

void AttachmentsSection::setApi(ApiClient *api, const QString &boardId)
{
    m_api = api;
    m_boardId = boardId;
    updateButtons();
}

void AttachmentsSection::setItem(const QString &itemId)
{
    m_itemId = itemId;
    m_shown.clear();
    m_status->hide();
    refresh();
    updateButtons();
}

void AttachmentsSection::refresh()
{
    const QList<Attachment> now
        = m_itemId.isEmpty() ? QList<Attachment>() : m_store->confirmed().attachmentsOf(m_itemId);
    if (now == m_shown)
        return;
    const QString current = selected() ? selected()->id : QString();
    m_shown = now;
    m_list->clear();
    for (const Attachment &a : now) {
        auto *row
            = new QListWidgetItem(QStringLiteral("%1 — %2").arg(a.name, QLocale().formattedDataSize(a.size)), m_list);
        row->setData(Qt::UserRole, a.id);
        row->setToolTip(a.contentType);
        if (a.id == current)
            m_list->setCurrentItem(row);
        if (a.isImage())
            fetchThumbnail(a);
    }
    updateButtons();
}

std::optional<Attachment> AttachmentsSection::selected() const
{
    const QListWidgetItem *row = m_list->currentItem();
    if (!row)
        return std::nullopt;
    for (const Attachment &a : m_shown)
        if (a.id == row->data(Qt::UserRole).toString())
            return a;
    return std::nullopt;
}

void AttachmentsSection::updateButtons()
{
    const bool any = !m_shown.isEmpty(); // without files, only "Attach file…" takes room
    m_list->setVisible(any);
    m_open->setVisible(any);
    m_saveAs->setVisible(any);
    m_remove->setVisible(any);
    const bool online = m_api && !m_itemId.isEmpty();
    m_attach->setEnabled(online && !m_upload);
    m_open->setEnabled(online && selected().has_value());
    m_saveAs->setEnabled(online && selected().has_value());
    m_remove->setEnabled(!m_itemId.isEmpty() && selected().has_value());
}

void AttachmentsSection::chooseFile()
{
    auto *dialog = new QFileDialog(this, tr("Attach file"));
    // Qt's own dialog: the same on every desktop, and one keyboard and tests can drive.
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &AttachmentsSection::attachFile);
    dialog->open();
}

void AttachmentsSection::attachFile(const QString &path)
{
    if (!m_api || m_itemId.isEmpty() || m_upload)
        return;
    auto *transfer = new AttachmentTransfer(*m_api, this);
    m_upload = transfer;
    const auto finish = [this, transfer](const QString &message) {
        m_progress->hide();
        m_cancel->hide();
        m_status->setText(message);
        m_status->setVisible(!message.isEmpty());
        transfer->deleteLater();
        m_upload.clear();
        updateButtons();
    };
    connect(transfer, &AttachmentTransfer::progressed, this, [this](qint64 done, qint64 total) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
        m_status->hide();
    });
    connect(transfer, &AttachmentTransfer::retrying, this, [this](int attempt) {
        m_status->setText(tr("Connection lost; trying again (%1)…").arg(attempt));
        m_status->show();
    });
    connect(transfer, &AttachmentTransfer::uploaded, this, [this, finish](const AttachmentTransfer::Uploaded &done) {
        Q_EMIT opRequested(AttachmentTransfer::addOp(QUuid::createUuid().toString(QUuid::WithoutBraces), done));
        finish(QString());
    });
    connect(transfer, &AttachmentTransfer::failed, this,
            [this, finish](const QString &why) { finish(tr("Upload failed: %1").arg(why)); });
    connect(transfer, &AttachmentTransfer::cancelled, this, [this, finish] { finish(tr("Upload cancelled")); });
    if (!transfer->upload(m_boardId, m_itemId, path))
        return finish(tr("Upload failed: %1").arg(transfer->error()));
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    updateButtons();
}

void AttachmentsSection::open(bool saveAs)
{
    const auto attachment = selected();
    if (!m_api || !attachment)
        return;
    const auto fetch = [this, attachment, saveAs](const QString &target) {
        if (target.isEmpty())
            return;
        auto *transfer = new AttachmentTransfer(*m_api, this);
        connect(transfer, &AttachmentTransfer::downloaded, this, [this, transfer, saveAs](const QString &path) {
            transfer->deleteLater();
            if (!saveAs && !QDesktopServices::openUrl(QUrl::fromLocalFile(path))) {
                m_status->setText(tr("Saved to %1 (no application opens it)").arg(QDir::toNativeSeparators(path)));
                m_status->show();
            }
        });
        connect(transfer, &AttachmentTransfer::failed, this, [this, transfer](const QString &why) {
            transfer->deleteLater();
            m_status->setText(tr("Download failed: %1").arg(why));
            m_status->show();
        });
        transfer->download(attachment->id, target);
    };
    if (!saveAs)
        return fetch(QDir(cacheDir(QStringLiteral("attachments")))
                         .filePath(attachment->sha256.left(16) + QLatin1Char('-') + attachment->name));
    auto *dialog = new QFileDialog(this, tr("Save attachment"));
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(attachment->name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, fetch);
    dialog->open();
}

void AttachmentsSection::removeSelected()
{
    const auto attachment = selected();
    if (!attachment)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove attachment"),
                                tr("Remove “%1” from this item? Everyone on the board loses it.").arg(attachment->name),
                                QMessageBox::NoButton, this);
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    remove->setAccessibleName(tr("Confirm remove"));
    const QString id = attachment->id;
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, id](QAbstractButton *clicked) {
        if (clicked == remove)
            Q_EMIT opRequested(AttachmentTransfer::removeOp(id));
    });
    box->open();
}

void AttachmentsSection::fetchThumbnail(const Attachment &a)
{
    if (!m_api || a.size > MaxThumbnailSourceBytes)
        return;
    const QString path = QDir(cacheDir(QStringLiteral("thumbnails"))).filePath(a.sha256);
    const auto show = [this, id = a.id](const QString &file) {
        QImageReader reader(file);
        QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(ThumbnailPixels, ThumbnailPixels, Qt::KeepAspectRatio));
        const QImage image = reader.read();
        if (image.isNull())
            return;
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(Qt::UserRole).toString() == id)
                m_list->item(i)->setIcon(QIcon(QPixmap::fromImage(image)));
    };
    if (QFileInfo::exists(path))
        return show(path);
    auto *transfer = new AttachmentTransfer(*m_api, this);
    connect(transfer, &AttachmentTransfer::downloaded, this, [transfer, show](const QString &file) {
        transfer->deleteLater();
        show(file);
    });
    connect(transfer, &AttachmentTransfer::failed, transfer, &QObject::deleteLater);
    transfer->download(a.id, path);
}

bool AttachmentsSection::attachDropped(const QMimeData &dropped)
{
    if (!m_api || m_itemId.isEmpty())
        return false; // the drag was not accepted on entering either
    QString refusal;
    if (m_upload) {
        refusal = tr("A file is still uploading; drop the next one when it has finished.");
    } else {
        for (const QUrl &url : dropped.urls()) {
            const QFileInfo file(url.toLocalFile());
            QString why;
            if (!url.isLocalFile())
                why = tr("“%1” is not a file on this computer; only files can be attached.")
                              .arg(url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveFragment));
            else if (file.isDir())
                why = tr("“%1” is a folder; attach the files in it one by one.").arg(QDir(file.filePath()).dirName());
            else if (!file.isFile())
                why = tr("“%1” is not there any more.").arg(file.fileName());
            if (why.isEmpty()) {
                attachFile(file.filePath()); // one upload at a time: the first file
                return true;
            }
            if (refusal.isEmpty())
                refusal = why;
        }
        if (refusal.isEmpty())
            refusal = tr("Nothing to attach: drop a file.");
    }
    m_status->setText(refusal);
    m_status->show();
    return false;
}

void AttachmentsSection::dragEnterEvent(QDragEnterEvent *event)
{
    // Any list of links is let in, so a folder or a web link dropped here is answered with
    // a message rather than a "no entry" cursor that does not say why.
    if (m_api && !m_itemId.isEmpty() && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void AttachmentsSection::dropEvent(QDropEvent *event)
{
    if (attachDropped(*event->mimeData()))
        event->acceptProposedAction();
}

} // namespace Tessera::App
