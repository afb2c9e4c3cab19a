// Generates people.xls (BIFF8, as Excel 97-2003 writes it) with SheetJS: npm install xlsx@0.18.5 && node make-people-xls.js people.xls
const XLSX = require('xlsx');
const rows = [
  ["姓名", "身份证号", "出生日期", "金额", "备注"],
  ["张三", 110101199003076631, new Date(Date.UTC(1990, 2, 7)), 1234.5, "数字存储的身份证号"],
  ["李四", "44030119851212001X", new Date(Date.UTC(1985, 11, 12)), 13800138000, null],
  [null, null, null, null, null],
  ["王五", "520102200001010012", new Date(Date.UTC(2000, 0, 1)), -3, "文本"],
];
const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, dateNF: 'yyyy-mm-dd' });
const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, ws, "人口");
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["单位", "人数"], ["甲", 3]]), "汇总");
XLSX.writeFile(wb, process.argv[2], { bookType: 'biff8' });
