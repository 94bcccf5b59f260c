-- MGN-KERN-004 fail: an initramfs for VMware only (MODULES=dep): neither nvme nor xen-blkfront, none built in
INSERT INTO kernel (scan_id, release, arch, bits, initramfs_path, initramfs_readable) VALUES (1, '6.1.0-17-amd64', 'x86_64', 64, 'boot/initrd.img-6.1.0-17-amd64', 1);
INSERT INTO kernel_drivers (scan_id, driver, in_initramfs, builtin) VALUES (1, 'nvme', 0, 0), (1, 'xen-blkfront', 0, 0), (1, 'vmw_pvscsi', 1, 0);
