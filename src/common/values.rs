//! A row's output values back to back in one buffer, with where each ends.
//!
//! The decider renders a written row's values on its thread; the sinks that keep them (the
//! history, a preview, the rows a profile test collects) read them on another. One `String`
//! per value put every value in its own allocation, so the thread reading them waited on
//! memory for each one (two cache misses a value: the `String`, then its bytes, written on the
//! other core); back to back, a batch's values are a few sequential lines the processor
//! fetches ahead. The decider (`run`) and the history (`ledger`) both speak it, hence a leaf
//! of its own.

/// One row's values, borrowed from a [`ValuesBuf`] (one row's, or a whole batch's).
#[derive(Debug, Clone, Copy)]
pub struct Values<'a> {
    /// The buffer the values are in (a batch's may hold other rows' values too).
    text: &'a str,
    /// Where the first value starts in `text`.
    start: usize,
    /// Where each value ends in `text`.
    ends: &'a [usize],
}

impl<'a> Values<'a> {
    pub fn len(self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(self) -> bool {
        self.ends.is_empty()
    }

    /// The values in order.
    pub fn iter(self) -> impl Iterator<Item = &'a str> + use<'a> {
        let Values { text, start, ends } = self;
        ends.iter().scan(start, move |from, &end| {
            let v = &text[*from..end];
            *from = end;
            Some(v)
        })
    }

    pub fn to_vec(self) -> Vec<String> {
        self.iter().map(String::from).collect()
    }

    /// An owned copy (of this row's values only).
    pub fn to_buf(self) -> ValuesBuf {
        self.iter().collect()
    }
}

/// Values back to back: one row's, or every row's of a batch ([`ValuesBuf::row`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValuesBuf {
    text: String,
    ends: Vec<usize>,
}

impl ValuesBuf {
    /// Appends a value.
    pub fn push(&mut self, value: &str) {
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    /// How many values were pushed.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// All the values.
    pub fn values(&self) -> Values<'_> {
        self.row(0..self.ends.len())
    }

    /// The values pushed as number `range` (a row's, in a batch's buffer).
    pub fn row(&self, range: std::ops::Range<usize>) -> Values<'_> {
        let start = if range.start == 0 { 0 } else { self.ends[range.start - 1] };
        Values { text: &self.text, start, ends: &self.ends[range] }
    }
}

impl<S: AsRef<str>> FromIterator<S> for ValuesBuf {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut buf = ValuesBuf::default();
        for v in iter {
            buf.push(v.as_ref());
        }
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_values_come_back_in_order_whatever_else_the_buffer_holds() {
        let mut batch = ValuesBuf::default();
        for v in ["a", "", "伝票"] {
            batch.push(v);
        }
        for v in ["", "x", "yz", ""] {
            batch.push(v);
        }
        let first = batch.row(0..3);
        assert_eq!(first.iter().collect::<Vec<_>>(), ["a", "", "伝票"]);
        let second = batch.row(3..7);
        assert_eq!(second.to_vec(), ["", "x", "yz", ""]);
        assert_eq!(second.len(), 4);
        assert_eq!(second.to_buf().values().to_vec(), second.to_vec());
        assert!(batch.row(7..7).is_empty());
        let owned: ValuesBuf = ["1", "2"].into_iter().collect();
        assert_eq!(owned.values().to_vec(), ["1", "2"]);
    }
}
