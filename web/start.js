// start.js — starts the interface once page.js and crm_ui.js are loaded (a file, not an
// inline script: the Content-Security-Policy allows none).
'use strict';
crmStart();
