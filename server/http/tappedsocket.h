#pragma once

#include <functional>

namespace Tessera::Server {

// A QTcpSocket or QSslSocket that shows what is written to it (plain text, before TLS):
// the access log reads each answer's status line and size from it. `tap` is called after
// the bytes were accepted for writing.
template<typename Socket> class TappedSocket final : public Socket
{
public:
    using Socket::Socket;
    std::function<void(const char *data, qint64 size)> tap;

protected:
    qint64 writeData(const char *data, qint64 size) override
    {
        const qint64 written = Socket::writeData(data, size);
        if (tap && written > 0)
            tap(data, written);
        return written;
    }
};

} // namespace Tessera::Server
