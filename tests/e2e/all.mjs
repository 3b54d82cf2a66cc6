// Every screen's browser tests, registered in this order into browser.mjs's `tests`.
import './auth.mjs';
import './clients.mjs';
import './platform.mjs';
import './long_commands.mjs';
import './relances.mjs';
import './snapshots.mjs';
import './workspace.mjs';
import './imports.mjs';
import './dashboard.mjs';
import './setup.mjs';
import './storage.mjs';
import './durability.mjs';
import './bank.mjs';
