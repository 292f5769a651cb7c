/* The labelled file picker (config/templates/config/file_picker.html): shows the chosen file
   names next to our button. Loaded once per page however many pickers it has.
   An input may carry data-max-bytes (one file) and data-max-total-bytes (all chosen together, so
   the request stays under the web server's body limit): a file over them is taken out of the
   choice at once and said so next to the field (the server checks again: cases.staging). */
(function () {
  if (window.fileNamesShown) { return; }
  window.fileNamesShown = true;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function keepWithinLimits(input, problem) {
    var maxBytes = parseInt(input.dataset.maxBytes || "0", 10);
    var maxTotal = parseInt(input.dataset.maxTotalBytes || "0", 10);
    if (!problem || (!maxBytes && !maxTotal) || !input.files || typeof DataTransfer === "undefined") { return; }
    var kept = new DataTransfer(), messages = [], total = 0;
    Array.prototype.forEach.call(input.files, function (file) {
      if (maxBytes && file.size > maxBytes) {
        messages.push(fill(problem.dataset.tooLarge, { name: file.name, megabytes: Math.round(maxBytes / 1048576) }));
      } else if (maxTotal && total + file.size > maxTotal) {
        messages.push(fill(problem.dataset.tooMuch, { name: file.name, megabytes: Math.round(maxTotal / 1048576) }));
      } else {
        total += file.size;
        kept.items.add(file);
      }
    });
    if (messages.length) { input.files = kept.files; }
    problem.textContent = messages.join(" ");
    problem.hidden = !messages.length;
    problem.style.display = messages.length ? "" : "none";
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("file-picker-input")) { return; }
    keepWithinLimits(input, input.parentNode.querySelector(".file-picker-problem"));
    var names = input.parentNode.querySelector(".file-picker-names");
    if (!names) { return; }
    if (!names.dataset.empty) { names.dataset.empty = names.textContent; }
    var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    names.textContent = chosen.length ? chosen.join(", ") : names.dataset.empty;
  });
})();
