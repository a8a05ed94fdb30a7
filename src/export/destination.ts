// Where the CSV goes: an S3 object written by multipart upload (any S3-compatible store), or a
// file in a folder (the embedded default). Either way the week's file appears whole or not at all:
// a failed multipart upload is aborted, a file is written under a temporary name and renamed.
// After the week's object, a copy is placed at a stable "latest" key.
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../config.js';

export interface Destination {
  kind: 's3' | 'folder';
  /** The week's key and the stable latest key, relative to the bucket or folder. */
  keys(week: string): { key: string; latestKey: string };
  location(key: string): string;
  /** Where a group's expense file of this week goes. */
  groupKey(week: string, groupId: number): string;
  /** Writes a small file whole at `key`; returns its bytes. */
  writeText(key: string, text: string): Promise<number>;
  /** Writes the stream whole at `key`, then copies it to `latestKey`; returns the bytes written. */
  write(body: Readable, key: string, latestKey: string): Promise<number>;
  /**
   * Deletes the weekly files (users/<week>.csv, groups/<week>/…) of weeks before `oldestKept`
   * (an ISO week, 2026-W41); the latest copy and receipts stay. Returns the keys deleted.
   */
  removeWeeksBefore(oldestKept: string): Promise<string[]>;
  close(): void;
}

/** The ISO week a weekly file's key (relative to the prefix) belongs to, or null for any other key. */
export function weekOfKey(relativeKey: string): string | null {
  const match = /^(?:users\/(\d{4}-W\d{2})\.csv|groups\/(\d{4}-W\d{2})\/[^/]+\.csv)$/.exec(relativeKey);
  return match ? ((match[1] ?? match[2]) as string) : null;
}

/** Whether a key (relative to the prefix) is a weekly file of a week before `oldestKept`. */
function expired(relativeKey: string, oldestKept: string): boolean {
  const week = weekOfKey(relativeKey);
  // ISO weeks as YYYY-Www order as text.
  return week !== null && week < oldestKept;
}

/** Counts the bytes that pass through, for the run's report. */
function byteCounter(): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

export function s3Destination(settings: S3Settings, options: { partSize?: number } = {}): Destination {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    // Bounded retries of each request; the run itself retries the whole upload with backoff.
    maxAttempts: 3,
  });
  return {
    kind: 's3',
    keys: (week) => ({
      key: `${settings.prefix}users/${week}.csv`,
      latestKey: `${settings.prefix}users/latest.csv`,
    }),
    location: (key) => `s3://${settings.bucket}/${key}`,
    groupKey: (week, groupId) => `${settings.prefix}groups/${week}/group-${groupId}.csv`,
    async writeText(key, text) {
      const body = Buffer.from(text, 'utf8');
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: key,
          Body: body,
          ContentType: 'text/csv; charset=utf-8',
        }),
      );
      return body.length;
    },
    async write(body, key, latestKey) {
      const counter = byteCounter();
      const upload = new Upload({
        client,
        params: {
          Bucket: settings.bucket,
          Key: key,
          Body: body.pipe(counter),
          ContentType: 'text/csv; charset=utf-8',
        },
        partSize: options.partSize ?? 5 * 1024 * 1024,
        queueSize: 4,
        // On failure lib-storage aborts the multipart upload, so no partial object is left.
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        body.destroy();
        await upload.abort().catch(() => undefined);
        throw error;
      }
      await client.send(
        new CopyObjectCommand({
          Bucket: settings.bucket,
          Key: latestKey,
          CopySource: `${settings.bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
          ContentType: 'text/csv; charset=utf-8',
          MetadataDirective: 'REPLACE',
        }),
      );
      return counter.bytes;
    },
    async removeWeeksBefore(oldestKept) {
      const removed: string[] = [];
      for (const folder of ['users/', 'groups/']) {
        let token: string | undefined;
        do {
          const listed = await client.send(
            new ListObjectsV2Command({
              Bucket: settings.bucket,
              Prefix: `${settings.prefix}${folder}`,
              ...(token ? { ContinuationToken: token } : {}),
            }),
          );
          for (const object of listed.Contents ?? []) {
            const key = object.Key ?? '';
            if (!expired(key.slice(settings.prefix.length), oldestKept)) continue;
            // One at a time: every S3-compatible store has DeleteObject (not all have DeleteObjects).
            await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key }));
            removed.push(key);
          }
          token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
        } while (token);
      }
      return removed;
    },
    close: () => client.destroy(),
  };
}

export function folderDestination(dir: string): Destination {
  const root = resolve(dir);
  return {
    kind: 'folder',
    keys: (week) => ({ key: `users/${week}.csv`, latestKey: 'users/latest.csv' }),
    location: (key) => join(root, key),
    groupKey: (week, groupId) => `groups/${week}/group-${groupId}.csv`,
    async writeText(key, text) {
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.partial`;
      const body = Buffer.from(text, 'utf8');
      try {
        await writeFile(temporary, body);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return body.length;
    },
    async write(body, key, latestKey) {
      const path = join(root, key);
      const latest = join(root, latestKey);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.partial`;
      const counter = byteCounter();
      try {
        await pipeline(body, counter, createWriteStream(temporary));
        await rename(temporary, path);
        const latestTemporary = `${latest}.${process.pid}.partial`;
        await copyFile(path, latestTemporary);
        await rename(latestTemporary, latest);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return counter.bytes;
    },
    async removeWeeksBefore(oldestKept) {
      const removed: string[] = [];
      const users = await readdir(join(root, 'users')).catch(() => [] as string[]);
      for (const name of users) {
        if (!expired(`users/${name}`, oldestKept)) continue;
        await rm(join(root, 'users', name), { force: true });
        removed.push(`users/${name}`);
      }
      const weeks = await readdir(join(root, 'groups')).catch(() => [] as string[]);
      for (const week of weeks) {
        if (!expired(`groups/${week}/group.csv`, oldestKept)) continue;
        await rm(join(root, 'groups', week), { recursive: true, force: true });
        removed.push(`groups/${week}/`);
      }
      return removed;
    },
    close: () => {
      // a folder holds no connection to close
    },
  };
}

export function createDestination(settings: { s3?: S3Settings; exportDir: string }): Destination {
  return settings.s3 ? s3Destination(settings.s3) : folderDestination(settings.exportDir);
}
