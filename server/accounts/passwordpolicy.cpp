#include "passwordpolicy.h"

#include <zxcvbn.h>

#include <cmath>
#include <vector>

namespace Tessera::Server::PasswordPolicy {

double entropyBits(const QString &password, const QStringList &userWords)
{
    const QByteArray utf8 = password.toUtf8();
    QList<QByteArray> words;
    for (const QString &w : userWords) {
        if (w.size() >= 3)
            words.append(w.toLower().toUtf8());
    }
    std::vector<const char *> dictionary;
    for (const QByteArray &w : std::as_const(words))
        dictionary.push_back(w.constData());
    dictionary.push_back(nullptr);
    return ZxcvbnMatch(utf8.constData(), dictionary.data(), nullptr);
}

QString check(const QString &password, const QStringList &userWords)
{
    if (password.size() < 8)
        return QStringLiteral("a password has at least 8 characters");
    if (password.size() > 1024)
        return QStringLiteral("a password has at most 1024 characters");
    if (password.contains(QChar(0)))
        return QStringLiteral("a password cannot contain a NUL character");
    const double bits = entropyBits(password, userWords);
    if (bits < MinimumBits)
        return QStringLiteral("this password is too easy to guess: it is made of common words, names, keyboard "
                              "patterns or sequences that a guesser tries early (about 10^%1 guesses; at least 10^%2 "
                              "are needed). Use a longer phrase of three or four unrelated words.")
                .arg(int(std::floor(bits * std::log10(2.0))))
                .arg(int(std::ceil(MinimumBits * std::log10(2.0))));
    return QString();
}

} // namespace Tessera::Server::PasswordPolicy
