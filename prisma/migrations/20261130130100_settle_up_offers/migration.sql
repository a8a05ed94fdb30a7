-- A payment /settleup proposed to someone whose payee has a UPI id: the pay link carries its amount,
-- and the payer's "Paid" button records it. The settlement it becomes is keyed by the offer
-- (source message id = -offer id, which no Telegram message has), so double taps, a redelivered
-- press and two instances record it once.
CREATE TABLE "SettleUpOffer" (
  "id" SERIAL NOT NULL,
  "groupId" INTEGER NOT NULL,
  "fromUserId" INTEGER NOT NULL,
  "toUserId" INTEGER NOT NULL,
  "amount" DECIMAL(14,2) NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "SettleUpOffer_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "SettleUpOffer_amount_positive" CHECK ("amount" > 0)
);
CREATE INDEX "SettleUpOffer_groupId_idx" ON "SettleUpOffer"("groupId");
ALTER TABLE "SettleUpOffer" ADD CONSTRAINT "SettleUpOffer_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
