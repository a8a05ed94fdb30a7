// The S3 bucket as a store of receipt photos: the export's bucket and prefix, under receipts/.
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.js';
import type { ReceiptStore } from '../usecases/receipts.js';

export function s3ReceiptStore(settings: S3Settings): ReceiptStore & { close(): void } {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: 3,
  });
  return {
    keyFor: (groupId, expenseId, extension) =>
      `${settings.prefix}receipts/${groupId}/${expenseId}.${extension}`,
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: bytes, ContentType: contentType }),
      );
    },
    async remove(keys) {
      // One at a time: a person's receipts are few, and every S3-compatible store has DeleteObject.
      for (const key of keys)
        await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key }));
    },
    close: () => client.destroy(),
  };
}
