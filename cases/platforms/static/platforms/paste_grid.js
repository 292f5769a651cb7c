/* A range copied from Excel or LibreOffice (tab-separated rows), pasted into a cell of a grid
 * (table[data-paste-grid]), fills the grid from that cell to the right and down, as a spreadsheet
 * does. A first row of headers (text, no long number) is skipped (its periods, when they are the grid's, place the
 * columns); a first column of names places each row by name (tr[data-names], "|"-separated).
 * A grid with data-grow gets new rows for a longer range. A select takes the option whose text
 * is the pasted one. Plain script, no framework; without it the paste box of the page does the same
 * on the server. */
(function () {
  "use strict";

  function squash(text) { return String(text || "").replace(/[\s\u00a0\u2007\u202f]+/g, " ").trim().toLowerCase(); }
  /* An organisation's name compared loosely, as the server does (devices.lines.organisation_name_key):
   * no quotes, no legal form (АҚ, ЖШС, АО, ТОО), case and spaces ignored. */
  function nameKey(text) {
    var bare = squash(String(text || "").replace(/[«»"'“”„]/g, " "));
    return bare.replace(/(^|\s)(ақ|ао|жшс|тоо|jsc|llp)(?=\s|$)/g, " ").replace(/\s+/g, " ").trim();
  }
  function isNumber(cell) {
    var text = String(cell || "").replace(/[\s\u00a0\u2007\u202f']+/g, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(text);
  }
  function isText(cell) { return cell !== "" && !isNumber(cell); }
  function period(text) {
    var m = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/.exec(String(text || "").trim());
    if (!m) { return null; }
    function two(v) { return ("0" + parseInt(v, 10)).slice(-2); }
    return two(m[1]) + ":" + m[2] + "–" + (m[3] === "24" ? "00" : two(m[3])) + ":" + m[4];
  }
  function splitRows(text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && !lines[lines.length - 1].trim()) { lines.pop(); }
    return lines.map(function (line) { return line.split("\t").map(function (c) { return c.trim(); }); });
  }
  function fields(row) { return Array.prototype.slice.call(row.querySelectorAll("input:not([type=hidden]), select, textarea")); }

  function setValue(field, value) {
    if (field.tagName === "SELECT") {
      var wanted = nameKey(value), found = "";
      Array.prototype.forEach.call(field.options, function (option) {
        if (wanted && (nameKey(option.text) === wanted || option.value === String(value).trim())) { found = option.value; }
      });
      field.value = found;
      field.classList.toggle("cell-unmatched", Boolean(wanted) && !found);
      return;
    }
    if (!field.readOnly) { field.value = value; }
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function grow(tbody) {
    var last = tbody.rows[tbody.rows.length - 1], copy = last.cloneNode(true), index = tbody.rows.length;
    copy.querySelectorAll("[name]").forEach(function (el) {
      el.name = el.name.replace(/^([a-z]+)\d+_/, "$1" + index + "_");
      if (el.id) { el.id = el.id.replace(/_([a-z]+)\d+_/, "_$1" + index + "_"); }
      if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
      el.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
    copy.querySelectorAll(".cell-error").forEach(function (el) { el.classList.remove("cell-error"); });
    var number = copy.querySelector("[data-row-number]");
    if (number) { number.textContent = String(index + 1); }
    tbody.appendChild(copy);
  }

  function onPaste(event) {
    var table = event.currentTarget, target = event.target;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.replace(/\s+$/, ""))) { return; }  // one value: an ordinary paste
    event.preventDefault();
    var rows = splitRows(text), tbody = table.tBodies[0];
    var header = rows[0].length > 1 ? rows[0].slice(1) : rows[0];
    // a header row holds text besides its first cell, and no long number (an IMEI, a phone number)
    var hasHeader = header.some(isText) && !rows[0].some(function (c) { return /\d(?:[\s()\-.]*\d){4}/.test(c); });
    var body = hasHeader ? rows.slice(1) : rows;
    var named = table.querySelector("tr[data-names]") !== null && body.some(function (r) { return isText(r[0]); });
    var startRow = Array.prototype.indexOf.call(tbody.rows, target.closest("tr"));
    var startCol = fields(target.closest("tr")).indexOf(target);
    var columns = null;
    if (hasHeader) {
      var periods = Array.prototype.map.call(table.querySelectorAll("thead th[data-period]"), function (th) { return th.dataset.period; });
      var labels = named || rows[0].length > periods.length ? rows[0].slice(1) : rows[0];
      if (labels.some(period)) { columns = labels.map(function (l) { var i = periods.indexOf(period(l)); return i < 0 ? null : i; }); }
    }
    var byName = {};
    if (named) {
      Array.prototype.forEach.call(tbody.rows, function (tr, i) {
        (tr.dataset.names || "").split("|").forEach(function (n) { if (n) { byName[squash(n)] = i; } });
      });
    }
    body.forEach(function (cells, n) {
      var rowIndex = startRow + n;
      if (named) { rowIndex = byName[squash(cells[0])]; cells = cells.slice(1); if (rowIndex === undefined) { return; } }
      if (rowIndex >= tbody.rows.length) {
        if (!table.hasAttribute("data-grow")) { return; }
        while (rowIndex >= tbody.rows.length) { grow(tbody); }
      }
      var rowFields = fields(tbody.rows[rowIndex]);
      cells.forEach(function (cell, c) {
        var col = columns ? columns[c] : (named ? c : startCol + c);
        if (col !== null && col !== undefined && rowFields[col]) { setValue(rowFields[col], cell); }
      });
    });
  }

  function start() {
    document.querySelectorAll("table[data-paste-grid]").forEach(function (table) {
      table.addEventListener("paste", onPaste);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
