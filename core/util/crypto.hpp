// Cryptography through libsodium: argon2id password hashes, SHA-256, random tokens,
// base64. ensureSodium() initialises libsodium once; every function here calls it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::crypto {

// Cost of one argon2id hash. Interactive is the product's setting (about 64 MiB and
// a tenth of a second); Minimal exists for tests that create many users.
enum class HashCost { Interactive, Minimal };

// An argon2id hash string (crypto_pwhash_str); throws std::runtime_error when out of memory.
std::string hashPassword(std::string_view password, HashCost cost);
bool verifyPassword(const std::string& hash, std::string_view password);

std::string sha256Hex(std::string_view bytes);
// 32 random bytes as 64 hex characters.
std::string randomToken();
// A password to give someone once ("Kpm7-Xqr4-Tzb9"): three groups of three letters and
// a digit, from an alphabet without look-alikes (no 0/O, 1/l/I); 70 bits of chance.
std::string temporaryPassword();

std::string base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64 (standard alphabet, padding optional).
std::optional<std::string> base64Decode(std::string_view text);

} // namespace crm::crypto
