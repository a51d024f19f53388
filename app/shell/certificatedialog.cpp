#include "certificatedialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Tessera::App {

namespace {

QLabel *plainLabel(const QString &text, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // a certificate's name is the server's to choose
    label->setText(text);
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    return label;
}

} // namespace

CertificateDialog::CertificateDialog(const Core::CertificateQuestion &question, QWidget *parent)
    : QDialog(parent), m_question(question)
{
    setObjectName(QStringLiteral("certificateDialog"));
    setWindowTitle(question.changed ? tr("The server's certificate has changed") : tr("Trust this server?"));
    setAccessibleName(windowTitle());
    auto *layout = new QVBoxLayout(this);

    auto *heading = plainLabel(question.changed ? tr("The certificate of %1 has changed.").arg(question.host)
                                                : tr("First connection to %1.").arg(question.host),
                               tr("Server"), this);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);
    layout->addWidget(plainLabel(question.explanation, tr("Explanation"), this));
    if (!question.subject.isEmpty())
        layout->addWidget(plainLabel(tr("Certificate issued to: %1").arg(question.subject), tr("Certificate name"), this));

    layout->addWidget(plainLabel(question.changed ? tr("Fingerprint of the new key (SHA-256):")
                                                  : tr("Fingerprint of the server's key (SHA-256):"),
                                 tr("Fingerprint caption"), this));
    m_fingerprint = plainLabel(question.fingerprintHex, tr("Key fingerprint"), this);
    m_fingerprint->setObjectName(QStringLiteral("certificateFingerprint"));
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(m_fingerprint);
    if (question.changed && !question.pinnedHex.isEmpty()) {
        layout->addWidget(plainLabel(tr("Key trusted until now:"), tr("Previous fingerprint caption"), this));
        auto *pinned = plainLabel(question.pinnedHex, tr("Previous key fingerprint"), this);
        pinned->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        pinned->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        layout->addWidget(pinned);
    }

    auto *buttons = new QDialogButtonBox(this);
    m_trust = buttons->addButton(question.changed ? tr("Trust the new key") : tr("Trust this server"),
                                 QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(QStringLiteral("trustCertificateButton"));
    m_trust->setAccessibleName(m_trust->text());
    m_refuse = buttons->addButton(tr("Don't connect"), QDialogButtonBox::RejectRole);
    m_refuse->setObjectName(QStringLiteral("refuseCertificateButton"));
    m_refuse->setAccessibleName(m_refuse->text());
    m_trust->setAutoDefault(false);
    m_refuse->setAutoDefault(true);
    m_refuse->setDefault(true); // the safe answer is the one Enter gives
    buttons->setAccessibleName(tr("Decision"));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::finished, this, [this](int result) {
        if (m_answered)
            return;
        m_answered = true;
        if (result == QDialog::Accepted)
            Q_EMIT trusted(m_question.fingerprint);
        else
            Q_EMIT refused();
    });
}

} // namespace Tessera::App
