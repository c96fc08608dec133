//! Writes a CSV file as an .xlsx workbook, numbers stored as numbers (as Excel saves an opened
//! CSV), for the workbook benchmark:
//! `cargo run --release -p engine --example csv_to_xlsx -- IN.csv OUT.xlsx`.

use engine::Table;
use rust_xlsxwriter::Workbook;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = &args[..] else {
        eprintln!("usage: csv_to_xlsx IN.csv OUT.xlsx");
        std::process::exit(2);
    };
    let table = Table::from_csv_bytes(&std::fs::read(input).expect("readable CSV")).expect("a CSV table");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Customers").expect("a sheet name");
    for (c, h) in table.headers().iter().enumerate() {
        sheet.write_string(0, c as u16, h).expect("a header cell");
    }
    for r in 0..table.row_count() {
        for c in 0..table.headers().len() {
            let (row, col, text) = (r as u32 + 1, c as u16, table.cell(r, c));
            match text.parse::<f64>() {
                Ok(v) if !(text.len() > 1 && text.starts_with('0')) => sheet.write_number(row, col, v),
                _ => sheet.write_string(row, col, text),
            }
            .expect("a cell");
        }
    }
    book.save(output).expect("a written workbook");
}
