// Where the chat widget finds Tickfix's Rasa server (its socket.io channel).
// Leave rasaUrl unset to use the page's own host on port 5005 (what `make run` serves).
// scripts/serve_web.py replaces this file with one built from RASA_URL when that is set;
// on another site, edit this file, e.g.  window.TICKFIX_CONFIG = { rasaUrl: "https://bot.example.com" };
window.TICKFIX_CONFIG = window.TICKFIX_CONFIG || {};
