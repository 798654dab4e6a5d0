# Messages of the ledger part (ja). Keys must match the other language.
