#include "core/util/result.hpp"

namespace crm {

const char* errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Validation: return "validation";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::Unauthenticated: return "unauthenticated";
    case ErrorCode::Storage: return "storage";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

} // namespace crm
