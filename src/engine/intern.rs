//! Interning: a list of distinct items, each referred to by its index.

use std::borrow::Borrow;

/// The index of `item` in `items`, pushing a copy of it first if it is not there yet. Indexes
/// follow first appearance. A linear scan, meant for the short lists a plan or a batch keeps
/// (rule names, date formats, day offsets, output paths), where hashing would cost more.
pub fn intern<T, Q>(items: &mut Vec<T>, item: &Q) -> usize
where
    T: Borrow<Q>,
    Q: PartialEq + ToOwned<Owned = T> + ?Sized,
{
    match items.iter().position(|x| x.borrow() == item) {
        Some(i) => i,
        None => {
            items.push(item.to_owned());
            items.len() - 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_or_pushes() {
        let mut names: Vec<String> = Vec::new();
        assert_eq!(intern(&mut names, "a"), 0);
        assert_eq!(intern(&mut names, "b"), 1);
        assert_eq!(intern(&mut names, "a"), 0);
        assert_eq!(names, ["a", "b"]);
        let mut days = vec![30];
        assert_eq!(intern(&mut days, &7), 1);
        assert_eq!(intern(&mut days, &30), 0);
    }
}
