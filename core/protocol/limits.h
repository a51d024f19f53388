#pragma once

#include <QtGlobal>

namespace Tessera::Core::Limits {

// Wire limits shared by the server (enforced) and clients (pre-checked before sending).
inline constexpr qsizetype maxMessageBytes = 256 * 1024;
inline constexpr int maxJsonDepth = 16;
inline constexpr qsizetype maxIdLength = 64;
inline constexpr qsizetype maxTitleLength = 512; // names, titles, text field values
inline constexpr qsizetype maxCommentBytes = 64 * 1024;
inline constexpr qsizetype maxRankLength = 1024;
inline constexpr qsizetype maxFieldsPerCommand = 64;
inline constexpr qsizetype maxStatusOptions = 64;
inline constexpr qsizetype maxTokenLength = 256;
inline constexpr qsizetype maxStreamsPerRequest = 256;
inline constexpr qsizetype maxEventsPerPage = 5000; // a `changes` page (the server caps `limit` here)
inline constexpr qsizetype maxItemDescriptionLength = 20000; // an item's description (the "description" field)
inline constexpr qsizetype maxViewConfigBytes = 16 * 1024; // a saved view's settings
inline constexpr qsizetype maxOpsPerCommand = 1000; // a bulk command's ops
inline constexpr qsizetype maxDescriptionLength = 8192;
// Attachments: the hard ceiling of one file (the admin's max_attachment_mb is at most this),
// one upload chunk (the server's request body limit), names and content types.
inline constexpr qint64 maxAttachmentBytes = qint64(2048) * 1024 * 1024;
inline constexpr qint64 maxUploadChunkBytes = 1024 * 1024;
inline constexpr qsizetype maxAttachmentNameLength = 255;
inline constexpr qsizetype maxContentTypeLength = 128;
inline constexpr qsizetype maxAttachmentsPerItem = 100;

} // namespace Tessera::Core::Limits
