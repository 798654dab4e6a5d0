//! The shop file: `orderbridge run orders.csv` in the shop's folder is the whole morning.
