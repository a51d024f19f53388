#pragma once

#include "core/client/certificatepin.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace Tessera::App {

// Asks whether to trust a server's certificate (SyncClient::certificateDecisionNeeded): a
// first contact that nobody vouches for, or a key that changed. Shows the server, the
// certificate's name, the SHA-256 fingerprint of its key (to compare with what the
// administrator says) and, for a change, the key pinned before. "Trust this server"
// emits trusted(fingerprint); "Don't connect" (or closing) emits refused(). Opened with
// open(), never exec(). Everything shown is plain text.
class CertificateDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit CertificateDialog(const Core::CertificateQuestion &question, QWidget *parent = nullptr);

    const Core::CertificateQuestion &question() const { return m_question; }
    QPushButton *trustButton() const { return m_trust; }
    QPushButton *refuseButton() const { return m_refuse; }
    QLabel *fingerprintLabel() const { return m_fingerprint; }

Q_SIGNALS:
    void trusted(const QString &fingerprint);
    void refused();

private:
    Core::CertificateQuestion m_question;
    QLabel *m_fingerprint;
    QPushButton *m_trust;
    QPushButton *m_refuse;
    bool m_answered = false;
};

} // namespace Tessera::App
