#include "rank.h"

#include <QList>

namespace Tessera::Core::Rank {

namespace {

constexpr int Base = 62;
constexpr qsizetype MaxLength = 1024;

int digitOf(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'A' && u <= 'Z')
        return 10 + (u - 'A');
    if (u >= 'a' && u <= 'z')
        return 36 + (u - 'a');
    return -1;
}

QChar charOf(int d)
{
    if (d < 10)
        return QChar(u'0' + d);
    if (d < 36)
        return QChar(u'A' + (d - 10));
    return QChar(u'a' + (d - 36));
}

using Digits = QList<int>;

Digits toDigits(const QString &s, qsizetype length)
{
    Digits d(length, 0);
    for (qsizetype i = 0; i < s.size() && i < length; ++i)
        d[i] = digitOf(s.at(i));
    return d;
}

QString fromDigits(const Digits &d)
{
    qsizetype end = d.size();
    while (end > 0 && d.at(end - 1) == 0)
        --end; // trailing zeros add nothing to the order; a valid rank never ends in '0'
    QString s;
    s.reserve(end);
    for (qsizetype i = 0; i < end; ++i)
        s.append(charOf(d.at(i)));
    return s;
}

// d + 1 unit at its last position; false on overflow past the first digit.
bool increment(Digits &d)
{
    for (qsizetype i = d.size() - 1; i >= 0; --i) {
        if (++d[i] < Base)
            return true;
        d[i] = 0;
    }
    return false;
}

bool decrement(Digits &d)
{
    for (qsizetype i = d.size() - 1; i >= 0; --i) {
        if (--d[i] >= 0)
            return true;
        d[i] = Base - 1;
    }
    return false;
}

Digits midpoint(const Digits &a, const Digits &b)
{
    // (a + b) / 2 in base 62, with one extra digit for the half unit.
    const qsizetype n = a.size();
    Digits sum(n + 1, 0);
    int carry = 0;
    for (qsizetype i = n - 1; i >= 0; --i) {
        const int v = a.at(i) + b.at(i) + carry;
        sum[i + 1] = v % Base;
        carry = v / Base;
    }
    sum[0] = carry;
    Digits half(n + 1, 0);
    int rem = 0;
    for (qsizetype i = 0; i <= n; ++i) {
        const int v = rem * Base + sum.at(i);
        half[i] = v / 2;
        rem = v % 2;
    }
    // half has a leading digit that is zero (a, b < 62^n); drop it and keep the half unit.
    Digits out(half.begin() + 1, half.end());
    if (rem)
        out.append(Base / 2);
    return out;
}

bool fits(const QString &k, const QString &before, const QString &after)
{
    return !k.isEmpty() && (before.isEmpty() || before < k) && (after.isEmpty() || k < after);
}

} // namespace

bool isValid(const QString &rank)
{
    if (rank.isEmpty() || rank.size() > MaxLength || rank.endsWith(QLatin1Char('0')))
        return false;
    for (QChar c : rank) {
        if (digitOf(c) < 0)
            return false;
    }
    return true;
}

std::optional<QString> between(const QString &before, const QString &after)
{
    if ((!before.isEmpty() && !isValid(before)) || (!after.isEmpty() && !isValid(after)))
        return std::nullopt;
    if (!before.isEmpty() && !after.isEmpty() && !(before < after))
        return std::nullopt;
    if (before.isEmpty() && after.isEmpty())
        return QStringLiteral("V");

    enum class Mode { StepUp, StepDown, Middle };
    Mode mode = Mode::Middle;
    if (after.isEmpty() || (!before.isEmpty() && before.size() > after.size()))
        mode = Mode::StepUp;
    else if (before.isEmpty() || after.size() > before.size())
        mode = Mode::StepDown;

    // Lengths double; the last try is MaxLength itself, so a long neighbour still gets a rank.
    for (qsizetype length = std::max<qsizetype>({ before.size(), after.size(), 1 });;
         length = std::min(length * 2, MaxLength)) {
        const Digits lo = toDigits(before, length);
        Digits hi = toDigits(after, length);
        if (after.isEmpty())
            hi.fill(Base - 1);
        QString candidate;
        // Steps skip values ending in '0' so a key keeps its length instead of shrinking.
        if (mode == Mode::StepUp) {
            Digits d = lo;
            if (increment(d) && (d.constLast() != 0 || increment(d)))
                candidate = fromDigits(d);
        } else if (mode == Mode::StepDown) {
            Digits d = hi;
            if (decrement(d) && (d.constLast() != 0 || decrement(d)))
                candidate = fromDigits(d);
        }
        else
            candidate = fromDigits(midpoint(lo, hi));
        // A step that does not fit means this length is used up: double it.
        if (fits(candidate, before, after))
            return candidate;
        if (length >= MaxLength)
            return std::nullopt; // only when a neighbour already uses the whole length
    }
}

} // namespace Tessera::Core::Rank
