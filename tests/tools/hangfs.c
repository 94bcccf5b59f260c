/*
 * hangfs.c - FUSE mounts whose server never answers (a test tool)
 *
 *   hangfs MOUNTPOINT SOURCE TYPE [MOUNTPOINT SOURCE TYPE]...
 *
 * Mounts each MOUNTPOINT as TYPE ("fuse.sshfs", "fuse.hang") from SOURCE
 * ("nas1:/export"), straight through /dev/fuse and mount(2), then sleeps
 * holding the connections and never reads a request: every statfs on the
 * mounts blocks (killably) until this process dies, as on a hung network
 * server.  Needs CAP_SYS_ADMIN; run it in a private mount namespace
 * (unshare -m) so that the mounts vanish with it.  Prints "ready" once all
 * are mounted.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4 || (argc - 1) % 3) {
		fprintf(stderr, "usage: hangfs MOUNTPOINT SOURCE TYPE...\n");
		return 2;
	}
	for (int i = 1; i + 2 < argc; i += 3) {
		char opts[128];
		int fd = open("/dev/fuse", O_RDWR);

		if (fd < 0) {
			perror("hangfs: /dev/fuse");
			return 1;
		}
		snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
		if (mount(argv[i + 1], argv[i], argv[i + 2], MS_NOSUID | MS_NODEV, opts) < 0) {
			perror("hangfs: mount");
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
