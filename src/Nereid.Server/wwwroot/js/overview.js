// Optional: filters the rows already on the page while typing. The search form works without this script.
(function () {
    "use strict";
    var input = document.querySelector("input[data-filter-table]");
    if (!input) { return; }
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    var count = document.getElementById("count");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var original = count ? count.textContent : "";
    input.addEventListener("input", function () {
        var term = input.value.trim().toLowerCase();
        var shown = 0;
        rows.forEach(function (row, i) {
            var match = term === "" || texts[i].indexOf(term) !== -1;
            row.hidden = !match;
            if (match) { shown++; }
        });
        if (count) {
            count.textContent = term === "" ? original : shown + " of " + rows.length + " rows on this page match; press Enter to search all namespaces.";
        }
    });
}());
