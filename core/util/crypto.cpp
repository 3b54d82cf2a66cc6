#include "core/util/crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace crm::crypto {

namespace {

void ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}

std::string toHex(const unsigned char* p, std::size_t n)
{
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

} // namespace

std::string hashPassword(std::string_view password, HashCost cost)
{
    ensureSodium();
    char out[crypto_pwhash_STRBYTES];
    const auto ops = cost == HashCost::Interactive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
    const auto mem = cost == HashCost::Interactive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
    if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0)
        throw std::runtime_error("password hashing ran out of memory");
    return out;
}

bool verifyPassword(const std::string& hash, std::string_view password)
{
    ensureSodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string sha256Hex(std::string_view bytes)
{
    ensureSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return toHex(digest, sizeof digest);
}

std::string randomToken()
{
    ensureSodium();
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    return toHex(raw, sizeof raw);
}

std::string temporaryPassword()
{
    ensureSodium();
    static constexpr char kLetters[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    static constexpr char kDigits[] = "23456789";
    std::string out;
    for (int group = 0; group < 3; ++group) {
        if (group)
            out += '-';
        for (int k = 0; k < 3; ++k)
            out += kLetters[randombytes_uniform(sizeof kLetters - 1)];
        out += kDigits[randombytes_uniform(sizeof kDigits - 1)];
    }
    return out;
}

std::string base64Encode(std::string_view bytes)
{
    ensureSodium();
    const std::size_t len = sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
        sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1);
    return out;
}

std::optional<std::string> base64Decode(std::string_view text)
{
    ensureSodium();
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t n = 0;
    const char* end = nullptr;
    const bool padded = !text.empty() && text.size() % 4 == 0;
    const int variant = padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
            &n, &end, variant)
            != 0
        || end != text.data() + text.size())
        return std::nullopt;
    out.resize(n);
    return out;
}

} // namespace crm::crypto
