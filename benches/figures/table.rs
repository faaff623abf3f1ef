//! One plain-text table: sections of aligned rows, each with its notes.

use std::fmt::{self, Write};

pub struct Section {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Section {
    pub fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Self {
            title: title.into(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }
}

pub struct Table {
    pub title: String,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.title)?;
        writeln!(f, "{}", "=".repeat(self.title.len()))?;
        let key_width = self.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (key, value) in &self.facts {
            writeln!(f, "{key:key_width$}  {value}")?;
        }
        for section in &self.sections {
            writeln!(f)?;
            writeln!(f, "{}", section.title)?;
            let columns = section.header.len();
            let mut widths: Vec<usize> = section.header.iter().map(|h| h.chars().count()).collect();
            for row in &section.rows {
                for (i, cell) in row.iter().enumerate().take(columns) {
                    widths[i] = widths[i].max(cell.chars().count());
                }
            }
            let line = |cells: &[String]| {
                let mut out = String::from(" ");
                for (i, cell) in cells.iter().enumerate().take(columns) {
                    // Text columns (the first) align left, figures right.
                    if i == 0 {
                        let _ = write!(out, " {cell:<w$} ", w = widths[i]);
                    } else {
                        let _ = write!(out, " {cell:>w$} ", w = widths[i]);
                    }
                    if i + 1 < cells.len().min(columns) {
                        out.push('|');
                    }
                }
                out.trim_end().to_owned()
            };
            writeln!(f, "{}", line(&section.header))?;
            let rule: usize = widths.iter().sum::<usize>() + 3 * columns;
            writeln!(f, "  {}", "-".repeat(rule.saturating_sub(2)))?;
            for row in &section.rows {
                writeln!(f, "{}", line(row))?;
            }
            for note in &section.notes {
                writeln!(f, "  * {note}")?;
            }
        }
        Ok(())
    }
}
