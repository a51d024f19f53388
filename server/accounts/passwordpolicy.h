#pragma once

#include <QString>
#include <QStringList>

namespace Tessera::Server::PasswordPolicy {

// How hard a password is to guess, by zxcvbn (Debian's libzxcvbn): the estimated entropy
// in bits of the cheapest way to guess it (dictionaries, common passwords, keyboard
// patterns, dates, repeats, `userWords` such as the login and display name).
double entropyBits(const QString &password, const QStringList &userWords = {});

// A password is accepted from this many bits (about 10^8 guesses: zxcvbn's "safely
// unguessable" band) and from 8 to 1024 characters.
inline constexpr double MinimumBits = 26.0;

// Why this password may not be used, in words a person can act on; empty if it may.
QString check(const QString &password, const QStringList &userWords = {});

} // namespace Tessera::Server::PasswordPolicy
