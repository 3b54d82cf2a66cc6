// Actions several screens offer on the same things: deliver an executed relance
// (open its mailto:/sms:/tel: link or save its file), and log a call's outcome in one
// click or one key — a promise asks its date and amount in a small form.
#pragma once

#include "app/store.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <string>

namespace crm::app::widgets {

// Why the engine plans an action, in the interface's language, from its structured
// reason (relance.plan's): the day the step fell due, the steps caught up, the next one,
// and (withRates) the half-years without an ECB rate.
std::string reasonText(const json& action, bool withRates = true);

// relance.deliver as `format` (link | file): the link is opened, the file saved.
void deliverAction(Store& store, std::int64_t actionId, const char* format);

// The bytes of standard base64 text (the core's alphabet, with padding).
std::string base64Decode(const std::string& text);
// Standard base64 of `bytes`, with padding (what the core's *_base64 parameters take).
std::string base64Encode(const std::string& bytes);

// The letters a day withholds for what they lack (relance.plan's withheld_by_reason, or
// worklist.today's letters_withheld): the company's details, clients' postal addresses.
// Returns the screen to open when the user asks to complete them ("settings"), else null.
const char* lettersWithheldNotice(const json& byReason, bool canSettings);

// A phone number as a button that opens it (tel:); nothing when empty.
void telLink(const std::string& phone, const std::string& suffix);

// The outcomes of a call: reached, voicemail, promise, refusal, wrong_number — keys 1 to 5.
class CallOutcomes {
public:
    // Outcome buttons for one call; `method` + `params` is the command that logs it
    // (task.done {id} or communication.log {client_id, channel: call}), `outcome` and a
    // promise's promise_date / promise_amount_cents are added. `suffix` keeps labels unique.
    void buttons(Store& store, const std::string& method, const json& params, const std::string& suffix);
    // Keys 1–5 log the outcome of the call `params` names (when no text field has the keyboard).
    void shortcuts(Store& store, const std::string& method, const json& params);
    // A task's controls (task.list / worklist rows): a hand-over to litigation is one
    // button; a call gets the outcome buttons, and the keys 1–5 when `keys`.
    void task(Store& store, const json& task, const std::string& suffix, bool keys = false);
    // The promise form, once per frame after the buttons.
    void drawPromiseForm(Store& store);
    // Called with each logged outcome (e.g. to refresh or move on).
    std::function<void(const std::string& outcome)> onLogged;

private:
    void pick(Store& store, const std::string& method, const json& params, const char* outcome);
    std::string m_method;
    json m_params;
    bool m_open = false;
    char m_date[32] = {};
    char m_amount[32] = {};
    FieldError m_error;
};

} // namespace crm::app::widgets
