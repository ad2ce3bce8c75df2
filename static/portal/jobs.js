/* The job page's progress bar: polls the job's JSON status every second and updates the
   bar, the message, the error and the download links in place, without reloading. */
(function () {
  "use strict";

  var root = document.getElementById("job-progress");
  if (!root) {
    return;
  }
  var url = root.dataset.statusUrl;
  var bar = root.querySelector(".progress");
  var fill = root.querySelector(".progress-bar");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");
  var message = document.getElementById("job-message");
  var failed = document.getElementById("job-failed");
  var error = document.getElementById("job-error");
  var restart = document.getElementById("job-restart");
  var files = document.getElementById("job-files");
  var filesTitle = document.getElementById("job-files-title");
  // «Начато», «Завершено», «Попыток»: rows shown only once their value is known.
  var FACTS = [["started", "job-started"], ["finished_at", "job-finished"], ["attempts", "job-attempts"]];
  var BADGES = {
    queued: "text-bg-secondary", running: "text-bg-primary",
    done: "text-bg-success", failed: "text-bg-danger"
  };

  function renderFiles(list) {
    files.textContent = "";
    list.forEach(function (file) {
      var item = document.createElement("li");
      item.className = "mb-1";
      var link = document.createElement("a");
      link.className = "btn btn-outline-primary btn-sm";
      link.href = file.url;
      link.setAttribute("download", "");
      var icon = document.createElement("i");
      icon.className = "bi bi-download";
      link.appendChild(icon);
      link.appendChild(document.createTextNode(" " + file.label));
      var note = document.createElement("span");
      note.className = "small text-body-secondary";
      note.textContent = " " + file.filename + ", " + file.size;
      item.appendChild(link);
      item.appendChild(note);
      files.appendChild(item);
    });
    filesTitle.hidden = list.length === 0;
  }

  function render(state) {
    var value = Math.max(0, Math.min(100, state.progress));
    fill.style.width = value + "%";
    bar.setAttribute("aria-valuenow", String(value));
    percent.textContent = value + " %";
    var badge = document.createElement("span");
    badge.className = "badge " + (BADGES[state.status] || "text-bg-secondary");
    badge.textContent = state.status_label;
    status.textContent = "";
    status.appendChild(badge);
    var isFailed = state.status === "failed";
    message.textContent = isFailed ? "" : state.message;
    message.hidden = isFailed;
    failed.hidden = !isFailed;
    error.textContent = isFailed ? state.message : "";
    restart.hidden = !state.restartable;
    if (state.finished) {
      fill.classList.remove("progress-bar-striped", "progress-bar-animated");
      fill.classList.add(isFailed ? "bg-danger" : "bg-success");
    }
    renderFiles(state.files);
    FACTS.forEach(function (pair) {
      var cell = document.getElementById(pair[1]);
      if (!cell) {
        return;
      }
      var value = state[pair[0]];
      var known = !!value;
      cell.textContent = known ? String(value) : "";
      cell.parentElement.hidden = !known;
    });
  }

  function poll() {
    // X-Portal-Poll: the page asks by itself; it does not keep an idle session alive.
    fetch(url, { headers: { Accept: "application/json", "X-Portal-Poll": "1" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        render(state);
        if (!state.finished) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        // A dropped connection or a restarting server: keep asking, a little slower.
        window.setTimeout(poll, 3000);
      });
  }

  // The bar's width is set here, not in a style attribute (the CSP forbids inline styles).
  fill.style.width = Math.max(0, Math.min(100, Number(root.dataset.progress) || 0)) + "%";
  if (root.dataset.finished !== "1") {
    // The first look soon (a job run by the web process may already be moving), then each second.
    window.setTimeout(poll, 300);
  }
})();
