#include "keychaintokenstore.h"

#include <qt6keychain/keychain.h>

namespace Tessera::App {

KeychainTokenStore::KeychainTokenStore(QString service) : m_service(std::move(service)) { }

void KeychainTokenStore::read(const QString &account, ReadDone done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError)
            done(job->textData(), QString());
        else if (job->error() == QKeychain::EntryNotFound)
            done(std::nullopt, QString());
        else
            done(std::nullopt, job->errorString());
    });
    job->start();
}

void KeychainTokenStore::write(const QString &account, const QString &secret, WriteDone done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    job->setTextData(secret);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done = std::move(done)] {
        if (done)
            done(job->error() == QKeychain::NoError, job->errorString());
    });
    job->start();
}

void KeychainTokenStore::remove(const QString &account, WriteDone done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    QObject::connect(job, &QKeychain::Job::finished, job, [job, done = std::move(done)] {
        const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        if (done)
            done(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

} // namespace Tessera::App
