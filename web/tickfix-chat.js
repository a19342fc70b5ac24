// Mounts the rasa-webchat widget (node_modules/rasa-webchat/lib/index.js, loaded before this
// file) and points it at Tickfix's Rasa server. Needs config.js (window.TICKFIX_CONFIG) first.
(function () {
  "use strict";
  var config = window.TICKFIX_CONFIG || {};
  var defaultUrl = window.location.protocol + "//" + window.location.hostname + ":5005";
  var rasaUrl = (config.rasaUrl || defaultUrl).replace(/\/+$/, "");

  window.TICKFIX_RASA_URL = rasaUrl; // for debugging from the console
  window.WebChat.default(
    {
      socketUrl: rasaUrl,
      socketPath: "/socket.io/",
      title: "Tickfix",
      subtitle: "Why didn't my WhatsApp message go out?",
      inputTextFieldHint: "Paste the error, e.g. (#132001) ...",
      connectingText: "Connecting to Tickfix...",
      initPayload: "/greet",
      // Plain Rasa has no Botfront "rules": without this the widget waits for them.
      withRules: false,
      // Keep the launcher visible while the server is unreachable ("Connecting...").
      hideWhenNotConnected: false,
      // The conversation and its session id live in localStorage: a reload (or a new tab)
      // shows the same conversation, and Rasa keeps it as the same sender.
      params: { storage: "local" },
      // Short "typing" pauses: a diagnosis comes in several messages.
      customMessageDelay: function (message) {
        return Math.min(1200, Math.max(300, message.length * 8));
      }
    },
    document.getElementById("tickfix-chat")
  );
})();
