// The one script of the report pages (written once to the reports folder; nothing else is loaded).
// It opens the list of sentences a count links to, and sorts and filters tables.
(function () {
  "use strict";

  function openTarget(id) {
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cellValue(row, column) {
    var text = row.cells[column] ? row.cells[column].textContent.trim() : "";
    var number = Number(text.replace(/[\s,]/g, "").replace("−", "-"));
    return text !== "" && !isNaN(number) ? number : fold(text);
  }

  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort";
      var sort = function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        rows.sort(function (a, b) {
          var x = cellValue(a, column), y = cellValue(b, column);
          var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return ascending ? order : -order;
        });
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
    });
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = query !== "" && fold(row.textContent).indexOf(query) < 0;
      });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { openTarget(decodeURIComponent(link.getAttribute("href").slice(1))); }
  });
  window.addEventListener("hashchange", function () { openTarget(decodeURIComponent(location.hash.slice(1))); });
  document.addEventListener("DOMContentLoaded", function () {
    openTarget(decodeURIComponent(location.hash.slice(1)));
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("input.filter"), makeFilter);
  });
}());
