// Scenario builder: save the scenario on the page through the API (POST /api/v1/scenarios), with the
// token the person types. The token goes only to this server, in the Authorization header, and is
// not kept. Everything else on the page works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("save-form");
  var status = document.getElementById("save-status");
  var doc = document.getElementById("scenario-doc");
  if (!form || !status || !doc) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = { name: form.elements.name.value, description: "", spec: JSON.parse(doc.textContent) };
    status.textContent = "Saving…";
    fetch("/api/v1/scenarios", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + form.elements.token.value },
      body: JSON.stringify(body),
      credentials: "omit",
    })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        status.textContent = "";
        if (!result.ok) {
          status.textContent = "Not saved: " + result.answer.message;
          return;
        }
        var id = result.answer.data.id;
        var link = document.createElement("a");
        link.href = "/scenarios?start=" + encodeURIComponent(id);
        link.textContent = "open it";
        status.append("Saved as " + id + " (POST /api/v1/projections with {\"saved\": \"" + id + "\"} runs it): ", link);
        form.elements.token.value = "";
      })
      .catch(function () { status.textContent = "Not saved: the server did not answer."; });
  });
});
