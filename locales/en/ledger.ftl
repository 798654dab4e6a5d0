# Messages of the ledger part (en). Keys must match the other language.
