-- Several instances on one database (issue 16).

-- Per-chat order across instances: an instance handles a chat's updates only while it holds the
-- chat's lease, and before an update it handles the chat's earlier ones not yet processed anywhere.
-- "processedAt" is set when the handler has run (before the lease is given up), "handledAt" once
-- its answers are delivered.
CREATE TABLE "ChatLease" (
    "chatKey" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ChatLease_pkey" PRIMARY KEY ("chatKey")
);

ALTER TABLE "InboundUpdate" ADD COLUMN "processedAt" TIMESTAMP(3);
-- A chat's unhandled updates, found without reading its handled ones (a day's worth are kept).
CREATE INDEX "InboundUpdate_chatId_handledAt_updateId_idx" ON "InboundUpdate"("chatId", "handledAt", "updateId");

-- The flood guard counts across instances: one window per Telegram user.
CREATE TABLE "FloodWindow" (
    "telegramId" BIGINT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "FloodWindow_pkey" PRIMARY KEY ("telegramId")
);

-- Conversation state is written with a version: a writer that read an older one is refused.
ALTER TABLE "ConversationState" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;
