/*
 * push.h - premig push: the fleet's hosts to AWS Migration Hub
 *
 *   premig push --region REGION --stream NAME [--endpoint URL] [--dry-run]
 *               [--db FILE] [--profile NAME] [--timeout SECONDS]
 *               [--max-attempts N] [--quiet]
 *
 * CreateProgressUpdateStream, then per host ImportMigrationTask,
 * PutResourceAttributes (attrs.h) and NotifyMigrationTaskState
 * (NOT_STARTED, the verdicts as status detail); every call that succeeded
 * is recorded in the store's push_log, and a call already recorded with
 * the same body is not sent again.
 */
#ifndef PREMIG_PUSH_H
#define PREMIG_PUSH_H

/* premig push ARGS (argv[0] is "push"): the exit status */
int push_main(int argc, char **argv);

#endif
