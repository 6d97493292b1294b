"""困难职工帮扶 and 四送: the hardship ledger (困难职工档案) and the campaigns that give to it."""
